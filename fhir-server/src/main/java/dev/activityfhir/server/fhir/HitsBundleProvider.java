package dev.activityfhir.server.fhir;

import ca.uhn.fhir.model.api.Include;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.server.method.ResponsePage;
import dev.activityfhir.server.fhir.search.FreeSlotWindow;
import dev.activityfhir.server.fhir.search.Hit;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.InstantType;
import org.jspecify.annotations.Nullable;

/**
 * The result of one search, paged lazily: holds only the matched ids (an immutable list), and renders a page's
 * resources, with its includes, when HAPI asks for it. Kept by the paging provider between page requests.
 */
final class HitsBundleProvider implements IBundleProvider {

  private final String type;
  private final String searchKey;
  private final List<Hit> hits;
  private final Set<Include> includes;
  private final Set<Include> revIncludes;
  private final PageAssembler assembler;
  private final @Nullable FreeSlotWindow slotWindow;
  private final InstantType published = InstantType.now();

  HitsBundleProvider(
      String type,
      SearchCache.Result result,
      @Nullable Set<Include> includes,
      @Nullable Set<Include> revIncludes,
      PageAssembler assembler) {
    this(type, result, includes, revIncludes, assembler, null);
  }

  /** As above, reverse-including with HealthcareServices only the Slots {@code slotWindow} admits (all when null). */
  HitsBundleProvider(
      String type,
      SearchCache.Result result,
      @Nullable Set<Include> includes,
      @Nullable Set<Include> revIncludes,
      PageAssembler assembler,
      @Nullable FreeSlotWindow slotWindow) {
    this.slotWindow = slotWindow;
    this.type = type;
    this.searchKey = result.key();
    this.hits = result.hits();
    this.includes = inNameOrder(includes);
    this.revIncludes = inNameOrder(revIncludes);
    this.assembler = assembler;
  }

  /**
   * The includes ordered by name, so that a page lists its included resources in the same order on every run
   * ({@code Set.copyOf} iterates in an order that changes from one JVM to the next).
   */
  private static Set<Include> inNameOrder(@Nullable Set<Include> includes) {
    if (includes == null || includes.isEmpty()) {
      return Set.of();
    }
    List<Include> sorted = new ArrayList<>(includes);
    sorted.sort(Comparator.comparing(Include::getValue).thenComparing(Include::isRecurse));
    return Collections.unmodifiableSet(new LinkedHashSet<>(sorted));
  }

  /** An id for the paging provider: the same for the same search, includes and index state. */
  String pagingId() {
    TreeSet<String> names = new TreeSet<>();
    includes.forEach(i -> names.add("i:" + i.getValue()));
    revIncludes.forEach(i -> names.add("r:" + i.getValue()));
    String identity = type + "|" + searchKey + "|" + names;
    return UUID.nameUUIDFromBytes(identity.getBytes(StandardCharsets.UTF_8)).toString();
  }

  /** The ordered matches (for a {@code _has} reverse chain, {@link ReverseChains}). */
  List<Hit> hits() {
    return hits;
  }

  @Override
  public IPrimitiveType<java.util.Date> getPublished() {
    return published;
  }

  @Override
  public List<IBaseResource> getResources(int from, int to) {
    return page(from, to).resources();
  }

  @Override
  public List<IBaseResource> getResources(int from, int to, ResponsePage.ResponsePageBuilder builder) {
    PageAssembler.Page page = page(from, to);
    builder.setIncludedResourceCount(page.includedCount());
    return page.resources();
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
    return hits.size();
  }

  private PageAssembler.Page page(int from, int to) {
    int start = Math.max(0, Math.min(from, hits.size()));
    int end = Math.max(start, Math.min(to, hits.size()));
    return assembler.assemble(type, hits.subList(start, end), includes, revIncludes, slotWindow);
  }
}
