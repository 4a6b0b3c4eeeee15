package dev.activityfhir.server.referral.store;

import java.sql.SQLException;

/** The database failed a read or write of the resource store; nothing of the transaction was committed. */
public final class ResourceStoreException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  ResourceStoreException(String message, SQLException cause) {
    super(message + ": " + cause.getMessage(), cause);
  }
}
