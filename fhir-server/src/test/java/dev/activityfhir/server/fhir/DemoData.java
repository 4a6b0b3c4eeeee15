package dev.activityfhir.server.fhir;

import dev.activityfhir.mapping.OpenActiveMapper;
import dev.activityfhir.server.demo.DemoDataset;
import dev.activityfhir.server.demo.DemoFeed;
import dev.activityfhir.server.demo.DemoSize;
import dev.activityfhir.server.directory.Directory;
import dev.activityfhir.server.directory.ResourceSink;
import dev.activityfhir.server.store.Database;
import dev.activityfhir.server.store.HarvestStore;
import dev.activityfhir.server.store.RpdeItem;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The bundled demo dataset for server tests. */
final class DemoData {

  private DemoData() {}

  /** The demo dataset, stored and loaded into the sink as the server does at start-up. */
  static void load(ResourceSink sink) {
    OpenActiveMapper mapper = OpenActiveMapper.withBundledVocabularies();
    Instant now = Instant.parse("2026-11-25T12:00:00Z");
    DemoDataset dataset = DemoDataset.generate(DemoSize.DEMO, now);
    try (Database database = Database.open("jdbc:h2:mem:" + UUID.randomUUID() + ";MODE=PostgreSQL")) {
      HarvestStore store = new HarvestStore(database.dataSource(), mapper);
      for (DemoFeed feed : DemoFeed.values()) {
        String feedUrl = "http://127.0.0.1:8080/demo/feeds/" + feed.name().toLowerCase();
        List<RpdeItem> items = new ArrayList<>();
        dataset
            .entries(feed)
            .forEach(
                entry ->
                    items.add(
                        new RpdeItem(
                            entry.id(),
                            entry.state(),
                            Long.toString(entry.modified()),
                            entry.kind(),
                            entry.data() == null ? null : entry.data().toString())));
        store.applyPage(feedUrl, items, feedUrl + "?end", now);
      }
      new Directory(mapper, store, sink).loadAll();
    }
  }
}
