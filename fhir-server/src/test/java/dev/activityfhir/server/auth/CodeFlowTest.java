package dev.activityfhir.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.activityfhir.server.audit.SettableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The code flow's timing and scope rules with a clock moved by hand: a code expires after 60 s, a form after 10
 * minutes; the person's scopes are granted whole or narrowed, never widened; {@code user/} scopes grant what the
 * same {@code system/} scopes would.
 */
class CodeFlowTest {

  private static final String REDIRECT = "http://localhost:8080/";
  private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

  @TempDir Path dataDir;

  private final SettableClock clock = new SettableClock(Instant.parse("2026-12-07T10:00:00Z"));

  private void advance(Duration by) {
    clock.set(clock.instant().plus(by));
  }

  private AuthorizationEndpoint endpoint() {
    return new AuthorizationEndpoint(
        new PublicClient("activity-finder", () -> List.of(REDIRECT)), SignInUsers.demo(), clock);
  }

  private TokenEndpoint tokens(AuthorizationEndpoint authorizations) {
    SigningKey key = SigningKey.loadOrCreate(dataDir);
    AccessTokenIssuer access =
        new AccessTokenIssuer(key, () -> "http://localhost:8080/auth", () -> "http://localhost:8080/fhir",
            Duration.ofMinutes(5), clock);
    IdTokenIssuer ids = new IdTokenIssuer(key, () -> "http://localhost:8080/auth", Duration.ofHours(1), clock);
    return new TokenEndpoint(
        ClientRegistry.empty(), access, () -> "http://localhost:8080/auth/token", clock,
        new CodeExchange(authorizations, access, ids, Duration.ofHours(1)));
  }

  private static Map<String, String[]> authorizeQuery() {
    Map<String, String[]> query = new LinkedHashMap<>();
    query.put("response_type", new String[] {"code"});
    query.put("client_id", new String[] {"activity-finder"});
    query.put("redirect_uri", new String[] {REDIRECT});
    query.put("scope", new String[] {"openid"});
    query.put("state", new String[] {"s"});
    query.put("code_challenge", new String[] {Pkce.challengeOf(VERIFIER)});
    query.put("code_challenge_method", new String[] {"S256"});
    return query;
  }

  private static String code(SignInOutcome outcome) {
    assertThat(outcome).isInstanceOf(SignInOutcome.Redirect.class);
    String location = ((SignInOutcome.Redirect) outcome).location();
    return location.substring(location.indexOf("code=") + 5, location.indexOf("&state="));
  }

  private static Map<String, String[]> exchange(String code) {
    return Map.of(
        "grant_type", new String[] {"authorization_code"},
        "code", new String[] {code},
        "client_id", new String[] {"activity-finder"},
        "redirect_uri", new String[] {REDIRECT},
        "code_verifier", new String[] {VERIFIER});
  }

  private String signedInCode(AuthorizationEndpoint authorizations) {
    SignInOutcome.Form form = (SignInOutcome.Form) authorizations.begin(authorizeQuery());
    return code(
        authorizations.signIn(
            form.requestId(), DemoUsers.LINK_WORKER, DemoUsers.LINK_WORKER_PASSWORD.toCharArray()));
  }

  @Test
  void aCodeExchangedWithinSixtySecondsWorks() throws OAuthError {
    AuthorizationEndpoint authorizations = endpoint();
    TokenEndpoint tokens = tokens(authorizations);
    String code = signedInCode(authorizations);
    advance(Duration.ofSeconds(59));
    TokenResponse response = tokens.token(exchange(code));
    assertThat(response.idToken()).isNotNull();
    assertThat(response.access().expiresInSeconds()).isEqualTo(3600);
  }

  @Test
  void aCodeOlderThanSixtySecondsIsRefused() {
    AuthorizationEndpoint authorizations = endpoint();
    TokenEndpoint tokens = tokens(authorizations);
    String code = signedInCode(authorizations);
    advance(Duration.ofSeconds(60));
    assertThatThrownBy(() -> tokens.token(exchange(code)))
        .isInstanceOf(OAuthError.class)
        .hasMessage("the code is unknown, expired or already used");
  }

  @Test
  void aFormLeftTenMinutesHasExpired() {
    AuthorizationEndpoint authorizations = endpoint();
    SignInOutcome.Form form = (SignInOutcome.Form) authorizations.begin(authorizeQuery());
    advance(Duration.ofMinutes(10));
    SignInOutcome late =
        authorizations.signIn(form.requestId(), DemoUsers.LINK_WORKER, DemoUsers.LINK_WORKER_PASSWORD.toCharArray());
    assertThat(late).isInstanceOf(SignInOutcome.Stop.class);
    assertThat(((SignInOutcome.Stop) late).status()).isEqualTo(400);
  }

  @Test
  void scopesAreTheUsersOwnOrNarrowerNeverWider() {
    UserAccount worker = SignInUsers.demo().find(DemoUsers.LINK_WORKER).orElseThrow();
    assertThat(CodeExchange.grant(List.of("openid"), worker))
        .containsExactly("openid", "user/ServiceRequest.crs", "user/Patient.crs", "user/Consent.crs", "user/Task.rs");
    assertThat(CodeExchange.grant(List.of("openid", "user/Task.r", "user/Task.u", "user/Patient.crs"), worker))
        .containsExactly("openid", "user/Task.r", "user/Patient.crs");
    assertThat(CodeExchange.grant(List.of("openid", "system/*.*", "launch"), worker)).containsExactly("openid");
  }

  @Test
  void userScopesGrantWhatSystemScopesWould() {
    Caller provider =
        new Caller("activity-finder", DemoUsers.PROVIDER_ORGANIZATION, Set.copyOf(SignInUsers.PROVIDER_SCOPES));
    assertThat(provider.allows("Task", Caller.Permission.UPDATE)).isTrue();
    assertThat(provider.allows("Task", Caller.Permission.SEARCH)).isTrue();
    assertThat(provider.allows("ServiceRequest", Caller.Permission.CREATE)).isFalse();
    Caller referrer =
        new Caller("activity-finder", DemoUsers.LINK_WORKER_ORGANIZATION, Set.copyOf(SignInUsers.REFERRER_SCOPES));
    assertThat(referrer.allows("ServiceRequest", Caller.Permission.CREATE)).isTrue();
    assertThat(referrer.allows("Consent", Caller.Permission.SEARCH)).isTrue();
    assertThat(referrer.allows("Task", Caller.Permission.UPDATE)).isFalse();
    assertThat(referrer.isProvider()).isFalse();
    assertThat(provider.isProvider()).isTrue();
  }
}
