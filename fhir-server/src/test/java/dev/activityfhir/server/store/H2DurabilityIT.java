package dev.activityfhir.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.activityfhir.mapping.OpenActiveMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An H2 file database holds a commit in its file the moment the commit returns: what a process killed right then
 * leaves on disk is a copy of the file taken then. H2's default write delay fails this (the commit reaches the file
 * up to a background tick later); {@code KilledServerIT} shows the same for the whole server.
 */
class H2DurabilityIT {

  private static final OpenActiveMapper MAPPER = OpenActiveMapper.withBundledVocabularies();

  @TempDir Path dir;

  @Test
  void aCommittedPageIsInTheFileWhenTheCommitReturns() throws Exception {
    Path live = dir.resolve("live");
    String feed = "https://feeds.example/series";
    try (Database database = Database.open("jdbc:h2:file:" + live.resolve("activity") + ";MODE=PostgreSQL")) {
      HarvestStore store = new HarvestStore(database.dataSource(), MAPPER);
      Thread.sleep(1_000); // an idle store, as between two polls of a caught-up feed
      for (int page = 1; page <= 3; page++) {
        store.applyPage(
            feed,
            List.of(new RpdeItem("i" + page, "updated", "1", "SessionSeries", "{\"@id\":\"https://ex.org/" + page + "\"}")),
            feed + "?afterId=" + page,
            Instant.now());
        // The file as a process killed now would leave it, while the database is still open.
        Path crashed = dir.resolve("crashed-" + page);
        Files.createDirectories(crashed);
        Files.copy(live.resolve("activity.mv.db"), crashed.resolve("activity.mv.db"));
        try (Database reopened =
            Database.open("jdbc:h2:file:" + crashed.resolve("activity") + ";MODE=PostgreSQL")) {
          HarvestStore copy = new HarvestStore(reopened.dataSource(), MAPPER);
          assertThat(copy.checkpoint(feed).map(Checkpoint::nextUrl)).contains(feed + "?afterId=" + page);
          assertThat(copy.item("https://ex.org/" + page)).isPresent();
          assertThat(copy.version()).isEqualTo(store.version());
        }
        Thread.sleep(300);
      }
    }
  }

  @Test
  void fileUrlsGetNoWriteDelayUnlessTheySetOne() {
    assertThat(Database.durable("jdbc:h2:file:/data/a;MODE=PostgreSQL"))
        .isEqualTo("jdbc:h2:file:/data/a;MODE=PostgreSQL;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE");
    assertThat(Database.durable("jdbc:h2:./data/a;write_delay=100"))
        .isEqualTo("jdbc:h2:./data/a;write_delay=100;DB_CLOSE_ON_EXIT=FALSE");
    assertThat(Database.durable("jdbc:h2:mem:x;DB_CLOSE_DELAY=-1")).isEqualTo("jdbc:h2:mem:x;DB_CLOSE_DELAY=-1");
    assertThat(Database.durable("jdbc:postgresql://db/x")).isEqualTo("jdbc:postgresql://db/x");
  }
}
