package dev.activityfhir.server.harvest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.activityfhir.mapping.ResourceIds;
import dev.activityfhir.server.Main;
import dev.activityfhir.server.harvest.RpdeFeedServer.Ordering;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real server in a child JVM ({@link Main}, configured by environment), killed with SIGKILL once a deletion
 * harvested from its feed is visible in search, then restarted with the feed unreachable: the deleted service stays
 * gone, whether the kill came before the next snapshot write (the snapshot on disk is older than the store) or right
 * after one (the snapshot shows the deletion).
 */
class KilledServerIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String BASE = "https://publisher.example/";
  private static final Pattern LISTENING = Pattern.compile("Listening on port (\\d+)");
  private static final Pattern SNAPSHOT_WRITTEN = Pattern.compile("Snapshot of store version (\\d+) written");
  /** The exit status of a process ended by signal 9. */
  private static final int KILLED_BY_SIGKILL = 128 + 9;

  @TempDir Path dataDir;

  private final List<Child> children = new CopyOnWriteArrayList<>();

  @AfterEach
  void killLeftovers() {
    children.forEach(child -> child.process.destroyForcibly());
  }

  @Test
  void aDeletionSeenBeforeAKillStaysDeletedWhenTheSnapshotOnDiskIsOlder() throws Exception {
    String feed;
    try (RpdeFeedServer publisher = threeSeries()) {
      feed = publisher.addFeed("series", Ordering.MODIFIED_ID, 2);
      publishThree(publisher);
      // A first run ends gracefully: it leaves a snapshot of the three services.
      Child first = start(feed, "2m");
      awaitTotal(first, 3);
      first.process.destroy(); // SIGTERM: the shutdown hook writes the snapshot
      first.awaitExit();
      // The JVM runs its shutdown hooks on SIGTERM, then exits with 128 + 15.
      assertThat(first.process.exitValue()).as("exit status; output %s", first.lines).isEqualTo(128 + 15);
      try (var files = java.nio.file.Files.list(dataDir.resolve("snapshots"))) {
        assertThat(files.map(f -> f.getFileName().toString())).singleElement().asString().startsWith("index-");
      }

      Child second = start(feed, "2m");
      assertThat(awaitHealth(second, h -> h.path("fhirReady").asBoolean()).get("loadedFrom").asText())
          .isEqualTo("snapshot");
      publisher.delete("series", "a");
      awaitTotalAtOnce(second, 2);
      kill(second);
    }

    Child third = start(feed, "2m");
    JsonNode health = awaitHealth(third, h -> h.path("fhirReady").asBoolean());
    // The snapshot shows an older store version than the database holds: the store is mapped again.
    assertThat(health.get("loadedFrom").asText()).isEqualTo("store");
    assertDeletedAndOthersServed(third);
    awaitHealth(third, h -> h.path("feeds").path(0).path("state").asText().equals("failing"));
    assertDeletedAndOthersServed(third);
  }

  @Test
  void aDeletionSeenBeforeAKillRightAfterASnapshotWriteStaysDeleted() throws Exception {
    String feed;
    try (RpdeFeedServer publisher = threeSeries()) {
      feed = publisher.addFeed("series", Ordering.MODIFIED_ID, 2);
      publishThree(publisher);
      Child child = start(feed, "1s");
      awaitTotal(child, 3);
      Thread.sleep(2_500); // the snapshot of the three services is written within the second
      long before = lastSnapshotVersion(child);
      publisher.delete("series", "a");
      awaitTotal(child, 2);
      // The deletion is visible: wait for the snapshot of the version after it, and kill at once.
      Instant deadline = Instant.now().plusSeconds(60);
      while (lastSnapshotVersion(child) <= before && Instant.now().isBefore(deadline)) {
        Thread.sleep(10);
      }
      kill(child);
      assertThat(lastSnapshotVersion(child)).isGreaterThan(before);
    }

    Child restarted = start(feed, "1s");
    JsonNode health = awaitHealth(restarted, h -> h.path("fhirReady").asBoolean());
    assertThat(health.get("loadedFrom").asText()).isEqualTo("snapshot");
    assertDeletedAndOthersServed(restarted);
  }

  /** The store version of the last snapshot the child logged writing; -1 before the first. */
  private static long lastSnapshotVersion(Child child) {
    long version = -1;
    for (String line : child.lines) {
      Matcher written = SNAPSHOT_WRITTEN.matcher(line);
      if (written.find()) {
        version = Long.parseLong(written.group(1));
      }
    }
    return version;
  }

  private static RpdeFeedServer threeSeries() throws IOException {
    return new RpdeFeedServer();
  }

  private static void publishThree(RpdeFeedServer publisher) {
    for (String id : List.of("a", "b", "c")) {
      publisher.upsert("series", id, OpenActiveFixtures.series(BASE + "series/" + id, "Yoga " + id));
    }
  }

  private void assertDeletedAndOthersServed(Child child) throws Exception {
    assertThat(total(child)).isEqualTo(2);
    assertThat(status(child, "HealthcareService/" + ResourceIds.healthcareService(BASE + "series/a")))
        .isIn(404, 410);
    assertThat(status(child, "HealthcareService/" + ResourceIds.healthcareService(BASE + "series/b")))
        .isEqualTo(200);
  }

  /** SIGKILL: {@code destroyForcibly} on Linux sends signal 9, which the exit status proves. */
  private static void kill(Child child) throws InterruptedException {
    child.process.destroyForcibly();
    child.awaitExit();
    assertThat(child.process.exitValue()).isEqualTo(KILLED_BY_SIGKILL);
  }

  /** A child JVM running {@link Main} on the test classpath, its output collected line by line. */
  private record Child(Process process, List<String> lines, Thread reader, int port) {
    /** Waits for the process to end and its output to be read to the end. */
    void awaitExit() throws InterruptedException {
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
      reader.join(10_000);
    }
  }

  private Child start(String feed, String snapshotInterval) throws Exception {
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                classpath,
                Main.class.getName())
            .redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(key -> key.startsWith("JAVA_TOOL") || key.startsWith("_JAVA"));
    env.put("PORT", "0");
    env.put("BIND_ADDRESS", "127.0.0.1");
    env.put("DATA_DIR", dataDir.toString());
    env.put("OPENACTIVE_FEEDS", feed);
    env.put("HARVEST_INTERVAL", "8s");
    env.put("SNAPSHOT_INTERVAL", snapshotInterval);
    env.remove("DATABASE_URL");
    Process process = builder.start();
    List<String> lines = new CopyOnWriteArrayList<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader out =
                  new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                  lines.add(line);
                }
              } catch (IOException e) {
                // the process ended
              }
            },
            "child-output");
    reader.setDaemon(true);
    reader.start();
    Child starting = new Child(process, lines, reader, 0);
    children.add(starting);
    String line = awaitLine(starting, 0, LISTENING);
    Matcher port = LISTENING.matcher(line);
    assertThat(port.find()).isTrue();
    return new Child(process, lines, reader, Integer.parseInt(port.group(1)));
  }

  private static String awaitLine(Child child, int from, Pattern pattern) throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(90);
    while (Instant.now().isBefore(deadline)) {
      List<String> lines = child.lines;
      for (int i = from; i < lines.size(); i++) {
        if (pattern.matcher(lines.get(i)).find()) {
          return lines.get(i);
        }
      }
      if (!child.process.isAlive() && child.lines.size() == lines.size()) {
        throw new AssertionError("the server exited (" + child.process.exitValue() + "): " + lines);
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no line matching " + pattern + " in " + child.lines);
  }

  private static JsonNode awaitHealth(Child child, Predicate<JsonNode> condition) throws Exception {
    Instant deadline = Instant.now().plusSeconds(90);
    JsonNode last = null;
    while (Instant.now().isBefore(deadline)) {
      HttpResponse<String> response = get(child, "/health");
      last = JSON.readTree(response.body());
      if (condition.test(last)) {
        return last;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("health never reached the expected state; last: " + last);
  }

  private static void awaitTotal(Child child, long expected) throws Exception {
    Instant deadline = Instant.now().plusSeconds(90);
    long last = -1;
    while (Instant.now().isBefore(deadline)) {
      if (get(child, "/health").body().contains("\"fhirReady\":true")) {
        last = total(child);
        if (last == expected) {
          return;
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("search never showed " + expected + " services; last " + last);
  }

  /**
   * Polls the search without pause, so that the kill follows the deletion's commit by milliseconds: well inside
   * the window in which an H2 database with a write delay has not yet written the commit to its file.
   */
  private static void awaitTotalAtOnce(Child child, long expected) throws Exception {
    Instant deadline = Instant.now().plusSeconds(90);
    while (total(child) != expected) {
      assertThat(Instant.now()).as("search shows %s services in time", expected).isBefore(deadline);
    }
  }

  private static long total(Child child) throws Exception {
    HttpResponse<String> response = get(child, "/fhir/HealthcareService?_summary=count");
    assertThat(response.statusCode()).isEqualTo(200);
    return JSON.readTree(response.body()).get("total").asLong();
  }

  private static int status(Child child, String path) throws Exception {
    return get(child, "/fhir/" + path).statusCode();
  }

  private static HttpResponse<String> get(Child child, String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + child.port + path))
            .header("Accept", "application/fhir+json")
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
