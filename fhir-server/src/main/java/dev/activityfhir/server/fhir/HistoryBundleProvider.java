package dev.activityfhir.server.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.model.api.ResourceMetadataKeyEnum;
import ca.uhn.fhir.model.valueset.BundleEntryTransactionMethodEnum;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import dev.activityfhir.server.fhir.index.History;
import dev.activityfhir.server.fhir.index.ResourceIndex;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Resource;
import org.jspecify.annotations.Nullable;

/**
 * A type's {@link History}, paged lazily: a page's resources are rendered when HAPI asks for it, each marked with
 * the request that made the change (POST for a first version, PUT for a later one, DELETE for a withdrawal), which
 * HAPI writes as the entry's {@code request} and {@code response}. Paged by offset: HAPI asks an offset-paged
 * provider for all its resources, so this one answers with its own page only.
 */
final class HistoryBundleProvider implements IBundleProvider {

  private final String type;
  private final History history;
  private final ResourceIndex index;
  private final FhirContext context;
  private final int offset;
  private final int pageSize;

  HistoryBundleProvider(
      String type, History history, ResourceIndex index, FhirContext context, int offset, int pageSize) {
    this.type = type;
    this.history = history;
    this.index = index;
    this.context = context;
    this.offset = offset;
    this.pageSize = pageSize;
  }

  /**
   * Just after the index last changed, as the Bundle's {@code meta.lastUpdated}: the {@code _since} of the next
   * poll.
   */
  @Override
  public IPrimitiveType<Date> getPublished() {
    return new InstantType(new Date(history.asOfMillis()));
  }

  @Override
  public List<IBaseResource> getResources(int from, int to) {
    List<History.Change> changes = history.changes();
    long first = (long) offset + Math.max(0, from);
    long last = (long) offset + Math.min(Math.max(0, to), pageSize);
    int start = (int) Math.min(first, changes.size());
    int end = (int) Math.max(start, Math.min(last, changes.size()));
    List<IBaseResource> resources = new ArrayList<>(end - start);
    for (History.Change change : changes.subList(start, end)) {
      resources.add(change.deleted() ? withdrawal(change) : published(change));
    }
    return resources;
  }

  private Resource published(History.Change change) {
    Resource resource = index.render(type, change.entry());
    ResourceMetadataKeyEnum.ENTRY_TRANSACTION_METHOD.put(
        resource,
        change.version() == 1 ? BundleEntryTransactionMethodEnum.POST : BundleEntryTransactionMethodEnum.PUT);
    return resource;
  }

  /** An empty resource standing for the withdrawal: HAPI writes the request and response, and no resource. */
  private Resource withdrawal(History.Change change) {
    Resource resource = (Resource) context.getResourceDefinition(type).newInstance();
    String version = Integer.toString(change.version() + 1);
    resource.setId(new IdType(type, change.id(), version));
    resource.getMeta().setVersionId(version).setLastUpdated(new Date(change.atMillis()));
    ResourceMetadataKeyEnum.DELETED_AT.put(resource, new InstantType(new Date(change.atMillis())));
    ResourceMetadataKeyEnum.ENTRY_TRANSACTION_METHOD.put(resource, BundleEntryTransactionMethodEnum.DELETE);
    return resource;
  }

  @Override
  public Integer getCurrentPageOffset() {
    return offset;
  }

  @Override
  public Integer getCurrentPageSize() {
    return pageSize;
  }

  @Override
  public @Nullable String getUuid() {
    return null;
  }

  @Override
  public @Nullable Integer preferredPageSize() {
    return null;
  }

  @Override
  public Integer size() {
    return history.changes().size();
  }
}
