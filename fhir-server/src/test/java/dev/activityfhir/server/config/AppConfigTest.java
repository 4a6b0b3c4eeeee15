package dev.activityfhir.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class AppConfigTest {

  @Test
  void defaultsServeTheDemoFromEmbeddedH2OnPort8080() {
    AppConfig config = AppConfig.defaults();

    assertThat(config.port()).isEqualTo(8080);
    assertThat(config.usesDemoFeeds()).isTrue();
    assertThat(config.dataDir()).isEqualTo(Path.of("./data"));
    assertThat(config.effectiveDatabaseUrl())
        .startsWith("jdbc:h2:file:")
        .contains("/data/activity-fhir;MODE=PostgreSQL");
    assertThat(config.harvestInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.corsAllowedOrigins()).containsExactly("*");
    assertThat(config.scheduleWeeks()).isEqualTo(8);
    assertThat(config.corsAllowedMethods()).containsExactly("GET", "HEAD", "OPTIONS");
    assertThat(config.corsAllowedHeaders())
        .containsExactly("Accept", "Content-Type", "If-None-Match", "If-Modified-Since");
    assertThat(config.mapTileUrl()).isEqualTo("https://tile.openstreetmap.org/{z}/{x}/{y}.png");
  }

  @Test
  void readsEveryVariable() {
    AppConfig config =
        AppConfig.fromEnvironment(
            Map.of(
                "PORT", "0",
                "DATABASE_URL", "jdbc:postgresql://127.0.0.1:5432/test",
                "OPENACTIVE_FEEDS", " https://a.example/feeds/sessions , https://b.example/ ",
                "HARVEST_INTERVAL", "5m",
                "CORS_ALLOWED_ORIGINS", "https://gp.example,https://lw.example",
                "CORS_ALLOWED_METHODS", "get,HEAD,OPTIONS,POST,PUT",
                "CORS_ALLOWED_HEADERS", "Accept,Content-Type,Authorization",
                "SCHEDULE_WEEKS", "12"));

    assertThat(config.port()).isZero();
    assertThat(config.effectiveDatabaseUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/test");
    assertThat(config.feeds())
        .containsExactly(URI.create("https://a.example/feeds/sessions"), URI.create("https://b.example/"));
    assertThat(config.harvestInterval()).isEqualTo(Duration.ofMinutes(5));
    assertThat(config.corsAllowedOrigins()).isEqualTo(List.of("https://gp.example", "https://lw.example"));
    assertThat(config.scheduleWeeks()).isEqualTo(12);
    assertThat(config.corsAllowedMethods()).containsExactly("GET", "HEAD", "OPTIONS", "POST", "PUT");
    assertThat(config.corsAllowedHeaders()).containsExactly("Accept", "Content-Type", "Authorization");
  }

  @Test
  void readsTheFeedSafetySettings() {
    AppConfig defaults = AppConfig.defaults();
    assertThat(defaults.feedHostsAllowed()).isEmpty();
    assertThat(defaults.feedMaxStringChars()).isEqualTo(65_536);
    assertThat(defaults.feedMaxItemChars()).isEqualTo(1_048_576);
    assertThat(defaults.snapshotInterval()).isEqualTo(Duration.ofMinutes(2));

    AppConfig config =
        AppConfig.fromEnvironment(
            Map.of(
                "FEED_HOSTS_ALLOWED", "feeds.internal.example, 10.1.2.3",
                "FEED_MAX_STRING_CHARS", "1000",
                "FEED_MAX_ITEM_CHARS", "50000",
                "SNAPSHOT_INTERVAL", "30s"));
    assertThat(config.feedHostsAllowed()).containsExactly("feeds.internal.example", "10.1.2.3");
    assertThat(config.feedMaxStringChars()).isEqualTo(1000);
    assertThat(config.feedMaxItemChars()).isEqualTo(50_000);
    assertThat(config.snapshotInterval()).isEqualTo(Duration.ofSeconds(30));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {
        "FEED_MAX_STRING_CHARS;0;FEED_MAX_STRING_CHARS must be positive",
        "FEED_MAX_ITEM_CHARS;10;FEED_MAX_ITEM_CHARS at least as large",
        "FEED_MAX_ITEM_CHARS;big;FEED_MAX_ITEM_CHARS must be a whole number",
        "SNAPSHOT_INTERVAL;0s;SNAPSHOT_INTERVAL must be at least 1 second",
      })
  void rejectsBadFeedSafetySettings(String key, String value, String message) {
    assertThatThrownBy(() -> AppConfig.fromEnvironment(Map.of(key, value)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(message);
  }

  @ParameterizedTest
  @CsvSource({"45,45", "45s,45", "2m,120", "1h,3600", "PT90S,90", "pt10s,10"})
  void parsesDurations(String raw, long seconds) {
    assertThat(AppConfig.parseDuration("HARVEST_INTERVAL", raw)).hasSeconds(seconds);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {
        "PORT;x;PORT must be a number",
        "PORT;70000;PORT must be between 0 and 65535",
        "HARVEST_INTERVAL;2s;at least 8 seconds",
        "HARVEST_INTERVAL;soon;must be a duration",
        "OPENACTIVE_FEEDS;ftp://x.example/feed;must be http(s) URLs",
        "PUBLIC_BASE_URL;localhost:8080;PUBLIC_BASE_URL must be an http(s) URL",
        "AUTH_ISSUER;https://auth.example.org;set AUTH_JWKS_URL or AUTH_JWKS_FILE with it",
        "AUTH_JWKS_URL;https://auth.example.org/certs;AUTH_ISSUER is required",
        "AUTH_TOKEN_LIFETIME;10s;AUTH_TOKEN_LIFETIME must be between 30 seconds and 24 hours",
        "SCHEDULE_WEEKS;eight;SCHEDULE_WEEKS must be a whole number",
        "SCHEDULE_WEEKS;53;SCHEDULE_WEEKS must be between 0 and 52",
        "CORS_ALLOWED_ORIGINS;null;must be * or scheme://host[:port]",
        "CORS_ALLOWED_ORIGINS;https://gp.example/path;must be * or scheme://host[:port]",
        "CORS_ALLOWED_METHODS;GET,TRACE;CORS_ALLOWED_METHODS entries must be among",
        "CORS_ALLOWED_HEADERS;Accept,X Bad;malformed header name",
        "MAP_TILE_URL;https://tiles.example/{z}/{x}.png;MAP_TILE_URL must be an http(s) URL template",
        "MAP_TILE_URL;file:///tiles/{z}/{x}/{y}.png;MAP_TILE_URL must be an http(s) URL template",
        "AUTH_USER_TOKEN_LIFETIME;30s;AUTH_USER_TOKEN_LIFETIME must be between 1 minute and 12 hours",
        "AUTH_USER_TOKEN_LIFETIME;13h;AUTH_USER_TOKEN_LIFETIME must be between 1 minute and 12 hours",
        "FINDER_OIDC_ISSUER;keycloak/realms/x;FINDER_OIDC_ISSUER must be an http(s) URL",
        "FINDER_OIDC_CLIENT_ID;a b;FINDER_OIDC_CLIENT_ID must be",
        "FINDER_OIDC_SCOPE;profile email;FINDER_OIDC_SCOPE must include openid"
      })
  void rejectsBadValuesNamingTheVariable(String key, String value, String message) {
    assertThatThrownBy(() -> AppConfig.fromEnvironment(Map.of(key, value)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(message);
  }

  @Test
  void theBuiltInAuthorizationServerByDefaultWithTheFhirBaseAsAudience() {
    AppConfig config = AppConfig.fromEnvironment(Map.of("PORT", "8081"));

    assertThat(config.auth().usesOutsideServer()).isFalse();
    assertThat(config.auth().tokenLifetime()).isEqualTo(Duration.ofMinutes(5));
    assertThat(config.auth().clientsFile()).isNull();
    assertThat(config.tokenAudience(8081)).isEqualTo("http://localhost:8081/fhir");
    assertThat(config.auth().outsideTokenEndpoint()).isNull();
  }

  @Test
  void readsTheAuthSettingsOfAnOutsideServer() {
    AppConfig config =
        AppConfig.fromEnvironment(
            Map.of(
                "PUBLIC_BASE_URL", "https://activity.example.org/",
                "AUTH_ISSUER", "https://kc.example.org/realms/pilot",
                "AUTH_JWKS_URL", "https://kc.example.org/realms/pilot/protocol/openid-connect/certs",
                "AUTH_CLIENTS_FILE", "/etc/activity/clients.json",
                "AUTH_TOKEN_LIFETIME", "10m"));

    assertThat(config.publicBase(0)).isEqualTo("https://activity.example.org");
    assertThat(config.tokenAudience(0)).isEqualTo("https://activity.example.org/fhir");
    assertThat(config.auth().usesOutsideServer()).isTrue();
    assertThat(config.auth().outsideTokenEndpoint())
        .isEqualTo(URI.create("https://kc.example.org/realms/pilot/protocol/openid-connect/token"));
    assertThat(config.auth().clientsFile()).isEqualTo(Path.of("/etc/activity/clients.json"));
    assertThat(config.auth().tokenLifetime()).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void anExplicitAudienceAndTokenEndpointWin() {
    AppConfig config =
        AppConfig.fromEnvironment(
            Map.of(
                "AUTH_AUDIENCE", "urn:activity-fhir",
                "AUTH_ISSUER", "https://auth.example.org",
                "AUTH_JWKS_FILE", "/etc/activity/jwks.json",
                "AUTH_TOKEN_ENDPOINT", "https://auth.example.org/oauth2/token"));

    assertThat(config.tokenAudience(8080)).isEqualTo("urn:activity-fhir");
    assertThat(config.auth().jwksFile()).isEqualTo(Path.of("/etc/activity/jwks.json"));
    assertThat(config.auth().outsideTokenEndpoint()).isEqualTo(URI.create("https://auth.example.org/oauth2/token"));
  }

  @Test
  void signInDefaultsToTheBuiltInServerAndReadsItsSettings() {
    AppConfig.SignIn defaults = AppConfig.fromEnvironment(Map.of()).signIn();
    assertThat(defaults.usersFile()).isNull();
    assertThat(defaults.userTokenLifetime()).isEqualTo(Duration.ofHours(1));
    assertThat(defaults.finderIssuer()).isNull();
    assertThat(defaults.finderClientId()).isEqualTo("activity-finder");
    assertThat(defaults.finderScope()).isEqualTo("openid profile");

    AppConfig.SignIn set =
        AppConfig.fromEnvironment(
                Map.of(
                    "AUTH_USERS_FILE", "/etc/activity/users.json",
                    "AUTH_USER_TOKEN_LIFETIME", "8h",
                    "FINDER_OIDC_ISSUER", "https://keycloak.example.org/realms/activity",
                    "FINDER_OIDC_CLIENT_ID", "finder-web",
                    "FINDER_OIDC_SCOPE", "openid profile user/Task.rs"))
            .signIn();
    assertThat(set.usersFile()).isEqualTo(Path.of("/etc/activity/users.json"));
    assertThat(set.userTokenLifetime()).isEqualTo(Duration.ofHours(8));
    assertThat(set.finderIssuer()).isEqualTo(URI.create("https://keycloak.example.org/realms/activity"));
    assertThat(set.finderClientId()).isEqualTo("finder-web");
    assertThat(set.finderScope()).isEqualTo("openid profile user/Task.rs");
  }
}
