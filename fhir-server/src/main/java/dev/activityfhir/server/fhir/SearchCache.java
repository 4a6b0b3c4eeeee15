package dev.activityfhir.server.fhir;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.activityfhir.server.fhir.index.ResourceIndex;
import dev.activityfhir.server.fhir.search.Hit;
import dev.activityfhir.server.fhir.search.Refinement;
import dev.activityfhir.server.fhir.search.Refiner;
import java.util.List;
import java.util.function.Supplier;

/**
 * Caches search results (the ordered matches of a {@code ...SearchParams} record) until the index changes: the
 * link worker asks the same few questions over and over, and the index only changes when a harvested page lands.
 */
final class SearchCache {

  private final ResourceIndex index;
  private final Refiner refiner;
  private final Cache<Key, List<Hit>> cache;

  /**
   * @param maximumHits how many hits all cached results may hold together: bounded by size, not by count, as
   *     one unfiltered Slot search holds hundreds of thousands
   */
  SearchCache(ResourceIndex index, long maximumHits) {
    this.index = index;
    this.refiner = new Refiner(index);
    this.cache =
        Caffeine.newBuilder()
            .maximumWeight(maximumHits)
            .<Key, List<Hit>>weigher((key, hits) -> 1 + hits.size())
            .build();
    index.addChangeListener(cache::invalidateAll);
  }

  /** The cached result of a search, computing it on a miss. */
  Result get(Record params, Supplier<List<Hit>> search) {
    // The generation in the key keeps a result computed just before a change from being served after it.
    Key key = new Key(index.generation(), params);
    return new Result(key.toString(), cache.get(key, k -> List.copyOf(search.get())));
  }

  /**
   * The cached result of a search of {@code type} refined by {@code _lastUpdated} and {@code _sort}, computing it
   * on a miss.
   */
  Result get(String type, Record params, Refinement refinement, Supplier<List<Hit>> search) {
    return get(
        new Refined(params, refinement), () -> refiner.refine(type, search.get(), refinement));
  }

  /**
   * A search result.
   *
   * @param key identifies the search and the index state it ran on
   * @param hits the ordered matches
   */
  record Result(String key, List<Hit> hits) {}

  private record Refined(Record params, Refinement refinement) {}

  private record Key(long generation, Record params) {}
}
