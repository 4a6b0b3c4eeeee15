package dev.activityfhir.server.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Everything the server can be told, read once from the environment. This is the only place that reads
 * configuration; the README's table lists the same keys and defaults.
 *
 * @param port {@code PORT}, default 8080; 0 picks a free port (the one taken is logged)
 * @param bindAddress {@code BIND_ADDRESS}, default {@code 0.0.0.0}
 * @param databaseUrl {@code DATABASE_URL}, a JDBC URL; unset means an embedded H2 file database in {@code
 *     DATA_DIR}
 * @param databaseUser {@code DATABASE_USER}, optional
 * @param databasePassword {@code DATABASE_PASSWORD}, optional
 * @param dataDir {@code DATA_DIR}, default {@code ./data}
 * @param feeds {@code OPENACTIVE_FEEDS}, comma-separated RPDE feed URLs and/or dataset-site URLs; empty means the
 *     bundled demo dataset served by this server itself
 * @param harvestInterval {@code HARVEST_INTERVAL}, how long to wait between polls of a caught-up feed; default 30
 *     s; accepts {@code 45}, {@code 45s}, {@code 5m}, {@code 1h} or ISO-8601 {@code PT45S}. Never below 8 s (RPDE
 *     sleep mode)
 * @param corsAllowedOrigins {@code CORS_ALLOWED_ORIGINS}, comma-separated origins ({@code scheme://host[:port]}),
 *     default {@code *} (any web origin; never {@code null})
 * @param corsAllowedMethods {@code CORS_ALLOWED_METHODS}, methods browsers on those origins may use, default {@code
 *     GET,HEAD,OPTIONS} (reads only); add e.g. {@code POST,PUT} for a browser client that writes
 * @param corsAllowedHeaders {@code CORS_ALLOWED_HEADERS}, request headers they may send, default {@code
 *     Accept,Content-Type,If-None-Match,If-Modified-Since}; add {@code Authorization} for a browser client that
 *     sends tokens
 * @param feedHostsAllowed {@code FEED_HOSTS_ALLOWED}, comma-separated host names the harvester may fetch from
 *     whatever they resolve to (besides the hosts of {@code OPENACTIVE_FEEDS}); default none: any other host
 *     must resolve only to public addresses
 * @param feedMaxStringChars {@code FEED_MAX_STRING_CHARS}, the longest string value of a harvested item kept
 *     whole (longer ones are cut); default 65536
 * @param feedMaxItemChars {@code FEED_MAX_ITEM_CHARS}, the longest harvested item (its data as JSON) kept
 *     (larger ones are left out); default 1048576
 * @param snapshotInterval {@code SNAPSHOT_INTERVAL}, how often the index snapshot is written while the data
 *     changes; default 2 minutes, at least 1 second
 * @param scheduleWeeks {@code SCHEDULE_WEEKS}, how many weeks ahead sessions are generated from a published weekly
 *     schedule when a publisher sends no sessions; default 8, 0 turns it off, at most 52
 * @param mapTileUrl {@code MAP_TILE_URL}, the web page's map tile URL template ({@code {z}}, {@code {x}}, {@code
 *     {y}}, optionally {@code {s}}); default OpenStreetMap's standard tiles
 */
public record AppConfig(
    int port,
    String bindAddress,
    @Nullable String databaseUrl,
    @Nullable String databaseUser,
    @Nullable String databasePassword,
    Path dataDir,
    List<URI> feeds,
    Duration harvestInterval,
    List<String> corsAllowedOrigins,
    List<String> corsAllowedMethods,
    List<String> corsAllowedHeaders,
    List<String> feedHostsAllowed,
    int feedMaxStringChars,
    int feedMaxItemChars,
    Duration snapshotInterval,
    int scheduleWeeks,
    String mapTileUrl) {

  /** OpenStreetMap's standard tile layer, the default map of the web page. */
  public static final String OSM_TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";

  /** Weeks of sessions generated from schedules by default. */
  public static final int DEFAULT_SCHEDULE_WEEKS = 8;

  private static final List<String> HTTP_METHODS =
      List.of("GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE");
  private static final Pattern ORIGIN = Pattern.compile("https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?");
  private static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9-]+");

  /** RPDE publishers cache the last page for 8 s; polling faster only hits their CDN. */
  public static final Duration MIN_HARVEST_INTERVAL = Duration.ofSeconds(8);

  public AppConfig {
    if (port < 0 || port > 65535) {
      throw new ConfigException("PORT must be between 0 and 65535, got " + port);
    }
    Objects.requireNonNull(bindAddress, "bindAddress");
    Objects.requireNonNull(dataDir, "dataDir");
    feeds = List.copyOf(feeds);
    corsAllowedOrigins = List.copyOf(corsAllowedOrigins);
    if (scheduleWeeks < 0 || scheduleWeeks > 52) {
      throw new ConfigException("SCHEDULE_WEEKS must be between 0 and 52, got " + scheduleWeeks);
    }
    corsAllowedMethods = List.copyOf(corsAllowedMethods);
    corsAllowedHeaders = List.copyOf(corsAllowedHeaders);
    for (String origin : corsAllowedOrigins) {
      if (!origin.equals("*") && !ORIGIN.matcher(origin).matches()) {
        throw new ConfigException(
            "CORS_ALLOWED_ORIGINS entries must be * or scheme://host[:port], got '" + origin + "'");
      }
    }
    for (String method : corsAllowedMethods) {
      if (!HTTP_METHODS.contains(method)) {
        throw new ConfigException(
            "CORS_ALLOWED_METHODS entries must be among " + HTTP_METHODS + ", got '" + method + "'");
      }
    }
    for (String header : corsAllowedHeaders) {
      if (!HEADER_NAME.matcher(header).matches()) {
        throw new ConfigException("CORS_ALLOWED_HEADERS has a malformed header name '" + header + "'");
      }
    }
    feedHostsAllowed = List.copyOf(feedHostsAllowed);
    if (feedMaxStringChars < 1 || feedMaxItemChars < feedMaxStringChars) {
      throw new ConfigException(
          "FEED_MAX_STRING_CHARS must be positive and FEED_MAX_ITEM_CHARS at least as large, got "
              + feedMaxStringChars
              + " and "
              + feedMaxItemChars);
    }
    if (snapshotInterval.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new ConfigException("SNAPSHOT_INTERVAL must be at least 1 second, got " + snapshotInterval);
    }
    checkTileUrl(mapTileUrl);
    if (harvestInterval.compareTo(MIN_HARVEST_INTERVAL) < 0) {
      throw new ConfigException(
          "HARVEST_INTERVAL must be at least 8 seconds (RPDE sleep mode), got " + harvestInterval);
    }
  }

  /** A configuration with the defaults for the feed-safety, snapshot and schedule keys. */
  public AppConfig(
      int port,
      String bindAddress,
      @Nullable String databaseUrl,
      @Nullable String databaseUser,
      @Nullable String databasePassword,
      Path dataDir,
      List<URI> feeds,
      Duration harvestInterval,
      List<String> corsAllowedOrigins,
      List<String> corsAllowedMethods,
      List<String> corsAllowedHeaders) {
    this(
        port,
        bindAddress,
        databaseUrl,
        databaseUser,
        databasePassword,
        dataDir,
        feeds,
        harvestInterval,
        corsAllowedOrigins,
        corsAllowedMethods,
        corsAllowedHeaders,
        List.of(),
        DEFAULT_MAX_STRING_CHARS,
        DEFAULT_MAX_ITEM_CHARS,
        DEFAULT_SNAPSHOT_INTERVAL,
        DEFAULT_SCHEDULE_WEEKS,
        OSM_TILE_URL);
  }

  /** 64 Ki characters: far above any real name or description. */
  public static final int DEFAULT_MAX_STRING_CHARS = 65_536;

  /** 1 Mi characters: far above any real OpenActive item. */
  public static final int DEFAULT_MAX_ITEM_CHARS = 1_048_576;

  public static final Duration DEFAULT_SNAPSHOT_INTERVAL = Duration.ofMinutes(2);

  /** The defaults: port 8080, embedded H2 in ./data, the bundled demo feeds. */
  public static AppConfig defaults() {
    return fromEnvironment(Map.of());
  }

  /** Reads the configuration from environment variables (pass {@code System.getenv()}). */
  public static AppConfig fromEnvironment(Map<String, String> env) {
    return new AppConfig(
        parsePort(value(env, "PORT")),
        orDefault(value(env, "BIND_ADDRESS"), "0.0.0.0"),
        value(env, "DATABASE_URL"),
        value(env, "DATABASE_USER"),
        value(env, "DATABASE_PASSWORD"),
        Path.of(orDefault(value(env, "DATA_DIR"), "./data")),
        parseFeeds(value(env, "OPENACTIVE_FEEDS")),
        parseDuration("HARVEST_INTERVAL", orDefault(value(env, "HARVEST_INTERVAL"), "30s")),
        splitList(orDefault(value(env, "CORS_ALLOWED_ORIGINS"), "*")),
        splitList(orDefault(value(env, "CORS_ALLOWED_METHODS"), "GET,HEAD,OPTIONS")).stream()
            .map(m -> m.toUpperCase(Locale.ROOT))
            .toList(),
        splitList(
            orDefault(
                value(env, "CORS_ALLOWED_HEADERS"), "Accept,Content-Type,If-None-Match,If-Modified-Since")),
        splitList(orDefault(value(env, "FEED_HOSTS_ALLOWED"), "")),
        parseCount("FEED_MAX_STRING_CHARS", value(env, "FEED_MAX_STRING_CHARS"), DEFAULT_MAX_STRING_CHARS),
        parseCount("FEED_MAX_ITEM_CHARS", value(env, "FEED_MAX_ITEM_CHARS"), DEFAULT_MAX_ITEM_CHARS),
        parseDuration("SNAPSHOT_INTERVAL", orDefault(value(env, "SNAPSHOT_INTERVAL"), "2m")),
        parseCount("SCHEDULE_WEEKS", value(env, "SCHEDULE_WEEKS"), DEFAULT_SCHEDULE_WEEKS),
        orDefault(value(env, "MAP_TILE_URL"), OSM_TILE_URL));
  }

  /** True when no feed is configured and the server harvests its own bundled demo dataset. */
  public boolean usesDemoFeeds() {
    return feeds.isEmpty();
  }

  /** The JDBC URL to use: {@code DATABASE_URL}, else an H2 file database under {@code DATA_DIR}. */
  public String effectiveDatabaseUrl() {
    if (databaseUrl != null) {
      return databaseUrl;
    }
    Path file = dataDir.toAbsolutePath().normalize().resolve("activity-fhir");
    return "jdbc:h2:file:" + file + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
  }

  /** A copy with another port; tests use port 0. */
  public AppConfig withPort(int newPort) {
    return new AppConfig(
        newPort,
        bindAddress,
        databaseUrl,
        databaseUser,
        databasePassword,
        dataDir,
        feeds,
        harvestInterval,
        corsAllowedOrigins,
        corsAllowedMethods,
        corsAllowedHeaders,
        feedHostsAllowed,
        feedMaxStringChars,
        feedMaxItemChars,
        snapshotInterval,
        scheduleWeeks,
        mapTileUrl);
  }

  private static @Nullable String value(Map<String, String> env, String key) {
    String raw = env.get(key);
    return raw == null || raw.isBlank() ? null : raw.trim();
  }

  private static String orDefault(@Nullable String value, String fallback) {
    return value == null ? fallback : value;
  }

  private static int parsePort(@Nullable String raw) {
    if (raw == null) {
      return 8080;
    }
    try {
      return Integer.parseInt(raw);
    } catch (NumberFormatException e) {
      throw new ConfigException("PORT must be a number, got '" + raw + "'");
    }
  }

  private static int parseCount(String key, @Nullable String raw, int fallback) {
    if (raw == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(raw);
    } catch (NumberFormatException e) {
      throw new ConfigException(key + " must be a whole number, got '" + raw + "'");
    }
  }

  private static List<URI> parseFeeds(@Nullable String raw) {
    if (raw == null) {
      return List.of();
    }
    return splitList(raw).stream().map(AppConfig::parseFeedUrl).toList();
  }

  private static URI parseFeedUrl(String raw) {
    try {
      URI uri = URI.create(raw);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
        throw new ConfigException("OPENACTIVE_FEEDS entries must be http(s) URLs, got '" + raw + "'");
      }
      return uri;
    } catch (IllegalArgumentException e) {
      throw new ConfigException("OPENACTIVE_FEEDS has a malformed URL '" + raw + "'");
    }
  }

  private static void checkTileUrl(String template) {
    boolean placeholders = template.contains("{z}") && template.contains("{x}") && template.contains("{y}");
    String host;
    try {
      host = URI.create(template.replace("{s}", "a").replaceAll("\\{[a-z]+}", "0")).getHost();
    } catch (IllegalArgumentException e) {
      host = null;
    }
    if (!placeholders || host == null || !template.matches("(?i)https?://.*")) {
      throw new ConfigException(
          "MAP_TILE_URL must be an http(s) URL template with {z}, {x} and {y}, got '" + template + "'");
    }
  }

  static Duration parseDuration(String key, String raw) {
    String text = raw.trim().toLowerCase(Locale.ROOT);
    try {
      if (text.startsWith("p")) {
        return Duration.parse(text.toUpperCase(Locale.ROOT));
      }
      char unit = text.charAt(text.length() - 1);
      if (Character.isDigit(unit)) {
        return Duration.ofSeconds(Long.parseLong(text));
      }
      long amount = Long.parseLong(text.substring(0, text.length() - 1));
      return switch (unit) {
        case 's' -> Duration.ofSeconds(amount);
        case 'm' -> Duration.ofMinutes(amount);
        case 'h' -> Duration.ofHours(amount);
        default -> throw new ConfigException(key + " has an unknown unit in '" + raw + "'");
      };
    } catch (RuntimeException e) {
      if (e instanceof ConfigException config) {
        throw config;
      }
      throw new ConfigException(key + " must be a duration such as 30s, 5m or PT30S, got '" + raw + "'");
    }
  }

  private static List<String> splitList(String raw) {
    return Arrays.stream(raw.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }
}
