package dev.activityfhir.server.config;

import java.net.URI;
import java.net.URISyntaxException;
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
 * @param maxRequestBodyBytes {@code MAX_REQUEST_BODY_BYTES}, the largest request body the referral side reads
 *     (larger answers 413), default 1048576 (1 MiB)
 * @param publicBaseUrl {@code PUBLIC_BASE_URL}, the server's address as clients see it (e.g. {@code
 *     https://activity.example.org}), without {@code /fhir}; unset means {@code http://localhost:PORT}
 * @param auth the {@code AUTH_*} settings: who issues the tokens the referral side accepts
 * @param signIn how people sign in to the Activity Finder page ({@code AUTH_USERS_FILE}, {@code FINDER_OIDC_*})
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
    String mapTileUrl,
    long maxRequestBodyBytes,
    @Nullable URI publicBaseUrl,
    Auth auth,
    SignIn signIn) {

  /**
   * How people sign in to the Activity Finder page (OpenID Connect, authorization code with PKCE).
   *
   * @param usersFile {@code AUTH_USERS_FILE}, the people who may sign in at the built-in server (JSON, password
   *     hashes only); unset means the demo users when the server harvests its bundled demo data, else nobody
   * @param userTokenLifetime {@code AUTH_USER_TOKEN_LIFETIME}, how long a signed-in person's access token lasts
   *     before they sign in again; default 1 hour, between 1 minute and 12 hours
   * @param finderIssuer {@code FINDER_OIDC_ISSUER}, the OpenID Connect provider the page signs people in with
   *     (e.g. a Keycloak realm, {@code https://id.example.org/realms/activity}); unset means {@code AUTH_ISSUER}
   *     with an outside server, else the built-in server at {@code /auth} on the page's own address
   * @param finderClientId {@code FINDER_OIDC_CLIENT_ID}, the page's public client id; default {@code
   *     activity-finder} (also the client the built-in server registers)
   * @param finderScope {@code FINDER_OIDC_SCOPE}, the scopes the page asks for; default {@code openid profile}
   *     (the built-in server then grants the person's configured scopes)
   */
  public record SignIn(
      @Nullable Path usersFile,
      Duration userTokenLifetime,
      @Nullable URI finderIssuer,
      String finderClientId,
      String finderScope) {

    public SignIn {
      Objects.requireNonNull(finderClientId, "finderClientId");
      Objects.requireNonNull(finderScope, "finderScope");
      if (userTokenLifetime.compareTo(Duration.ofMinutes(1)) < 0
          || userTokenLifetime.compareTo(Duration.ofHours(12)) > 0) {
        throw new ConfigException(
            "AUTH_USER_TOKEN_LIFETIME must be between 1 minute and 12 hours, got " + userTokenLifetime);
      }
      if (!finderClientId.matches("[A-Za-z0-9._:-]{1,128}")) {
        throw new ConfigException("FINDER_OIDC_CLIENT_ID must be 1 to 128 letters, digits or . _ : -");
      }
      if (!Arrays.asList(finderScope.trim().split("\\s+")).contains("openid")) {
        throw new ConfigException("FINDER_OIDC_SCOPE must include openid, got '" + finderScope + "'");
      }
    }
  }

  /**
   * Who issues the bearer tokens the referral side accepts. With neither {@code AUTH_JWKS_URL} nor {@code
   * AUTH_JWKS_FILE} the server's own SMART Backend Services authorization server issues them (its key in {@code
   * DATA_DIR}); with either, an outside authorization server does and the built-in one is off.
   *
   * @param issuer {@code AUTH_ISSUER}, the {@code iss} of an outside server's tokens; required with, and only
   *     with, {@code AUTH_JWKS_URL} or {@code AUTH_JWKS_FILE}
   * @param audience {@code AUTH_AUDIENCE}, the {@code aud} tokens must carry; unset means the FHIR base URL
   *     ({@code PUBLIC_BASE_URL/fhir}, else {@code http://localhost:PORT/fhir})
   * @param jwksUrl {@code AUTH_JWKS_URL}, the outside server's JSON Web Key Set (fetched, cached)
   * @param jwksFile {@code AUTH_JWKS_FILE}, a file holding the outside server's public JSON Web Key Set
   * @param tokenEndpoint {@code AUTH_TOKEN_ENDPOINT}, the outside server's token endpoint, advertised in {@code
   *     /fhir/.well-known/smart-configuration}; unset means {@code AUTH_ISSUER/protocol/openid-connect/token}
   *     (Keycloak's layout)
   * @param clientsFile {@code AUTH_CLIENTS_FILE}, the built-in server's registered clients (JSON); unset means
   *     none is registered (only the {@code token} command issues tokens)
   * @param tokenLifetime {@code AUTH_TOKEN_LIFETIME}, how long the built-in server's access tokens last; default
   *     5 minutes, between 30 s and 24 h
   */
  public record Auth(
      @Nullable String issuer,
      @Nullable String audience,
      @Nullable URI jwksUrl,
      @Nullable Path jwksFile,
      @Nullable URI tokenEndpoint,
      @Nullable Path clientsFile,
      Duration tokenLifetime) {

    public Auth {
      if (jwksUrl != null && jwksFile != null) {
        throw new ConfigException("Set AUTH_JWKS_URL or AUTH_JWKS_FILE, not both");
      }
      if (usesOutsideServer(jwksUrl, jwksFile) && issuer == null) {
        throw new ConfigException(
            "AUTH_ISSUER is required with AUTH_JWKS_URL or AUTH_JWKS_FILE (the outside server's iss)");
      }
      if (!usesOutsideServer(jwksUrl, jwksFile) && issuer != null) {
        throw new ConfigException(
            "AUTH_ISSUER names an outside authorization server: set AUTH_JWKS_URL or AUTH_JWKS_FILE with it");
      }
      if (tokenLifetime.compareTo(Duration.ofSeconds(30)) < 0
          || tokenLifetime.compareTo(Duration.ofHours(24)) > 0) {
        throw new ConfigException(
            "AUTH_TOKEN_LIFETIME must be between 30 seconds and 24 hours, got " + tokenLifetime);
      }
    }

    /** The built-in authorization server with its defaults. */
    public static Auth builtIn() {
      return new Auth(null, null, null, null, null, null, Duration.ofMinutes(5));
    }

    /** True when an outside authorization server issues the tokens (the built-in one is off). */
    public boolean usesOutsideServer() {
      return usesOutsideServer(jwksUrl, jwksFile);
    }

    /** The outside server's token endpoint to advertise; null with the built-in server. */
    public @Nullable URI outsideTokenEndpoint() {
      if (!usesOutsideServer() || issuer == null) {
        return null;
      }
      return tokenEndpoint != null
          ? tokenEndpoint
          : URI.create(stripTrailingSlash(issuer) + "/protocol/openid-connect/token");
    }

    private static boolean usesOutsideServer(@Nullable URI jwksUrl, @Nullable Path jwksFile) {
      return jwksUrl != null || jwksFile != null;
    }
  }

  /** Default {@code MAX_REQUEST_BODY_BYTES}: 1 MiB. */
  public static final long DEFAULT_MAX_REQUEST_BODY_BYTES = 1L << 20;

  /** Weeks of sessions generated from schedules by default. */
  public static final int DEFAULT_SCHEDULE_WEEKS = 8;

  /** OpenStreetMap's standard tile layer, the default map of the web page. */
  public static final String OSM_TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";

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
    Objects.requireNonNull(auth, "auth");
    Objects.requireNonNull(signIn, "signIn");
    feeds = List.copyOf(feeds);
    corsAllowedOrigins = List.copyOf(corsAllowedOrigins);
    if (maxRequestBodyBytes < 1) {
      throw new ConfigException("MAX_REQUEST_BODY_BYTES must be at least 1, got " + maxRequestBodyBytes);
    }
    checkTileUrl(mapTileUrl);
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
    if (harvestInterval.compareTo(MIN_HARVEST_INTERVAL) < 0) {
      throw new ConfigException(
          "HARVEST_INTERVAL must be at least 8 seconds (RPDE sleep mode), got " + harvestInterval);
    }
  }

  /** 64 Ki characters: far above any real name or description. */
  public static final int DEFAULT_MAX_STRING_CHARS = 65_536;

  /** 1 Mi characters: far above any real OpenActive item. */
  public static final int DEFAULT_MAX_ITEM_CHARS = 1_048_576;

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
        orDefault(value(env, "MAP_TILE_URL"), OSM_TILE_URL),
        parseBytes(value(env, "MAX_REQUEST_BODY_BYTES")),
        parseBaseUrl(value(env, "PUBLIC_BASE_URL")),
        new Auth(
            value(env, "AUTH_ISSUER"),
            value(env, "AUTH_AUDIENCE"),
            parseHttpUrl("AUTH_JWKS_URL", value(env, "AUTH_JWKS_URL")),
            pathOrNull(value(env, "AUTH_JWKS_FILE")),
            parseHttpUrl("AUTH_TOKEN_ENDPOINT", value(env, "AUTH_TOKEN_ENDPOINT")),
            pathOrNull(value(env, "AUTH_CLIENTS_FILE")),
            parseDuration("AUTH_TOKEN_LIFETIME", orDefault(value(env, "AUTH_TOKEN_LIFETIME"), "5m"))),
        new SignIn(
            pathOrNull(value(env, "AUTH_USERS_FILE")),
            parseDuration("AUTH_USER_TOKEN_LIFETIME", orDefault(value(env, "AUTH_USER_TOKEN_LIFETIME"), "1h")),
            parseHttpUrl("FINDER_OIDC_ISSUER", value(env, "FINDER_OIDC_ISSUER")),
            orDefault(value(env, "FINDER_OIDC_CLIENT_ID"), "activity-finder"),
            orDefault(value(env, "FINDER_OIDC_SCOPE"), "openid profile")));
  }

  /**
   * The server's address as clients see it: {@code PUBLIC_BASE_URL}, else {@code http://localhost:<port>} with
   * the port actually listened on (which differs from {@link #port()} when that is 0).
   */
  public String publicBase(int listeningPort) {
    return publicBaseUrl != null ? stripTrailingSlash(publicBaseUrl.toString()) : "http://localhost:" + listeningPort;
  }

  /** The {@code aud} the referral side's tokens must carry: {@code AUTH_AUDIENCE}, else the FHIR base URL. */
  public String tokenAudience(int listeningPort) {
    return auth.audience() != null ? auth.audience() : publicBase(listeningPort) + "/fhir";
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

  private static @Nullable URI parseBaseUrl(@Nullable String raw) {
    URI uri = parseHttpUrl("PUBLIC_BASE_URL", raw);
    if (uri != null && (uri.getQuery() != null || uri.getFragment() != null)) {
      throw new ConfigException("PUBLIC_BASE_URL must not have a query or fragment, got '" + raw + "'");
    }
    return uri;
  }

  private static @Nullable URI parseHttpUrl(String key, @Nullable String raw) {
    if (raw == null) {
      return null;
    }
    try {
      URI uri = new URI(raw);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
        throw new ConfigException(key + " must be an http(s) URL, got '" + raw + "'");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new ConfigException(key + " is a malformed URL '" + raw + "'");
    }
  }

  private static @Nullable Path pathOrNull(@Nullable String raw) {
    return raw == null ? null : Path.of(raw);
  }

  private static String stripTrailingSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
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

  /** Parses {@code 45}, {@code 45s}, {@code 5m}, {@code 1h} or ISO-8601 {@code PT45S}; the error names {@code key}. */
  public static Duration parseDuration(String key, String raw) {
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

}
