package dev.activityfhir.server.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
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
 * @param corsAllowedOrigins {@code CORS_ALLOWED_ORIGINS}, comma-separated origins, default {@code *}
 * @param maxRequestBodyBytes {@code MAX_REQUEST_BODY_BYTES}, the largest request body the referral side reads
 *     (larger answers 413), default 1048576 (1 MiB)
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
    long maxRequestBodyBytes) {

  /** Default {@code MAX_REQUEST_BODY_BYTES}: 1 MiB. */
  public static final long DEFAULT_MAX_REQUEST_BODY_BYTES = 1L << 20;

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
    if (maxRequestBodyBytes < 1) {
      throw new ConfigException("MAX_REQUEST_BODY_BYTES must be at least 1, got " + maxRequestBodyBytes);
    }
    if (harvestInterval.compareTo(MIN_HARVEST_INTERVAL) < 0) {
      throw new ConfigException(
          "HARVEST_INTERVAL must be at least 8 seconds (RPDE sleep mode), got " + harvestInterval);
    }
  }

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
        parseBytes(value(env, "MAX_REQUEST_BODY_BYTES")));
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
        maxRequestBodyBytes);
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

  private static long parseBytes(@Nullable String raw) {
    if (raw == null) {
      return DEFAULT_MAX_REQUEST_BODY_BYTES;
    }
    try {
      return Long.parseLong(raw);
    } catch (NumberFormatException e) {
      throw new ConfigException("MAX_REQUEST_BODY_BYTES must be a number of bytes, got '" + raw + "'");
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
