package dev.activityfhir.server.referral.store;

import dev.activityfhir.server.audit.AuditRecord;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The referral side's durable, versioned store of FHIR resources, apart from the directory and its harvest store.
 * Every write happens inside {@link #inTransaction}: when that returns, the writes are committed; when the work
 * throws, none of them is.
 */
public interface ResourceStore extends ResourceReader {

  /** One version of a resource, if it was ever written. */
  Optional<StoredResource> vread(String type, String id, long version);

  /** Every version of a resource, newest first (empty when it does not exist). */
  List<StoredResource> history(String type, String id);

  /**
   * Runs the work in one database transaction and commits it before returning its result.
   *
   * @throws VersionConflict when an update's expected version is not the current one (nothing is committed)
   * @throws ResourceStoreException when the database fails (nothing is committed)
   */
  <T> T inTransaction(Function<Transaction, T> work);

  /** Reads and writes inside one transaction: the reads see the transaction's own writes. */
  interface Transaction extends ResourceReader {

    /** Writes version 1 of a new resource with its search values. */
    void create(StoredResource resource, List<IndexValue> index);

    /**
     * Writes the next version of a resource, replacing its search values.
     *
     * @throws VersionConflict unless the current version is {@code resource.version() - 1}
     */
    void update(StoredResource resource, List<IndexValue> index);

    /**
     * Makes the identifiers name this resource among the organisation's resources of its type, replacing those
     * an earlier version held.
     *
     * @param created true for a resource created in this transaction (it holds no identifiers yet)
     * @throws DuplicateIdentifier when another resource of the type and organisation holds one of them (the
     *     transaction must then be rolled back)
     */
    void claimIdentifiers(
        String type, String id, boolean created, String organization, List<UniqueIdentifier> identifiers);

    /** The id of the organisation's resource of the type that holds the identifier, if one does. */
    Optional<String> identifierHolder(String type, String organization, UniqueIdentifier identifier);

    /** Lets an organisation see a resource (kept across updates). */
    void grant(String type, String id, String organization);

    /** Records a write in the audit trail, in this transaction: kept only if the writes are committed. */
    void audit(AuditRecord record);
  }
}
