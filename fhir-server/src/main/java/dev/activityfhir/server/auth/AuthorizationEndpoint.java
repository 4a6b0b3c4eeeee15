package dev.activityfhir.server.auth;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The authorization code flow's front half (OpenID Connect Core 3.1.2, RFC 7636): checks an authorization request,
 * keeps it under a one-time request id while the person signs in, and on the right name and password sends the
 * browser back to the client with a one-time code. The code is bound to the client, the redirect URI, the PKCE
 * challenge and the person, and lasts {@link #CODE_LIFETIME}.
 */
public final class AuthorizationEndpoint {

  private static final Logger log = LoggerFactory.getLogger(AuthorizationEndpoint.class);

  /** How long a code may wait to be exchanged. */
  public static final Duration CODE_LIFETIME = Duration.ofSeconds(60);

  /** How long a person has to fill in the sign-in form. */
  static final Duration FORM_LIFETIME = Duration.ofMinutes(10);

  /** Wrong passwords allowed on one request before it is dropped and the client must start again. */
  static final int MAX_ATTEMPTS = 5;

  private static final int CAPACITY = 10_000;
  private static final int MAX_PARAMETER_CHARS = 2048;

  /** A pending request with its failed attempts so far. */
  private record Pending(AuthorizationRequest request, int failures) {}

  private final PublicClient client;
  private final SignInUsers users;
  private final OneTimeStore<Pending> pending;
  private final OneTimeStore<IssuedCode> codes;
  private final Clock clock;

  public AuthorizationEndpoint(PublicClient client, SignInUsers users, Clock clock) {
    this.client = client;
    this.users = users;
    this.clock = clock;
    this.pending = new OneTimeStore<>(FORM_LIFETIME, CAPACITY, clock);
    this.codes = new OneTimeStore<>(CODE_LIFETIME, CAPACITY, clock);
  }

  /** Answers {@code GET /auth/authorize} with these query parameters. */
  public SignInOutcome begin(Map<String, String[]> query) {
    String clientId = single(query, "client_id");
    String redirectUri = single(query, "redirect_uri");
    if (clientId == null || !clientId.equals(client.clientId())) {
      return new SignInOutcome.Stop(400, "This sign-in link names an unknown application (client_id).");
    }
    if (redirectUri == null || !client.allowsRedirect(redirectUri)) {
      log.info("Authorization request refused: redirect_uri not registered for {}", clientId);
      return new SignInOutcome.Stop(400, "This sign-in link would send you to an address that is not registered.");
    }
    // From here the redirect URI is trusted: other errors go back to the client (RFC 6749 4.1.2.1).
    String state = single(query, "state");
    for (Map.Entry<String, String[]> parameter : query.entrySet()) {
      if (parameter.getValue().length > 1) {
        return error(redirectUri, state, "invalid_request", parameter.getKey() + " is given more than once");
      }
      if (parameter.getValue()[0].length() > MAX_PARAMETER_CHARS) {
        return error(redirectUri, state, "invalid_request", parameter.getKey() + " is too long");
      }
    }
    if (!"code".equals(single(query, "response_type"))) {
      return error(redirectUri, state, "unsupported_response_type", "only response_type=code is supported");
    }
    String challenge = single(query, "code_challenge");
    if (challenge == null || !Pkce.S256.equals(single(query, "code_challenge_method"))) {
      return error(redirectUri, state, "invalid_request", "PKCE is required: code_challenge with method S256");
    }
    if (!Pkce.isChallenge(challenge)) {
      return error(redirectUri, state, "invalid_request", "code_challenge is not an S256 challenge");
    }
    String scope = single(query, "scope");
    List<String> scopes = scope == null ? List.of() : Arrays.asList(scope.trim().split("\\s+"));
    if (!scopes.contains("openid")) {
      return error(redirectUri, state, "invalid_scope", "scope must include openid");
    }
    if (single(query, "request") != null || single(query, "request_uri") != null) {
      return error(redirectUri, state, "request_not_supported", "request objects are not supported");
    }
    if ("none".equals(single(query, "prompt"))) {
      return error(redirectUri, state, "login_required", "the person must sign in");
    }
    AuthorizationRequest request =
        new AuthorizationRequest(clientId, redirectUri, state, single(query, "nonce"), challenge, scopes);
    Optional<String> requestId = pending.put(new Pending(request, 0));
    if (requestId.isEmpty()) {
      return error(redirectUri, state, "temporarily_unavailable", "too many sign-ins in progress");
    }
    return new SignInOutcome.Form(requestId.get(), request, null, null);
  }

  /** Answers the sign-in form's post: the request id it carries, and the name and password typed. */
  public SignInOutcome signIn(@Nullable String requestId, @Nullable String username, char[] password) {
    Optional<Pending> waiting = requestId == null ? Optional.empty() : pending.peek(requestId);
    if (waiting.isEmpty()) {
      return new SignInOutcome.Stop(
          400, "This sign-in page has expired or was already used. Go back to the Activity Finder and sign in again.");
    }
    AuthorizationRequest request = waiting.get().request();
    String name = username == null ? "" : username.trim();
    Optional<UserAccount> user =
        name.isEmpty() || password.length == 0 ? Optional.empty() : users.authenticate(name, password);
    if (user.isEmpty()) {
      int failures = waiting.get().failures() + 1;
      log.info("Sign-in refused for client {}: wrong username or password (attempt {})", request.clientId(), failures);
      if (failures >= MAX_ATTEMPTS) {
        pending.take(requestId);
        return error(request.redirectUri(), request.state(), "access_denied", "too many failed sign-in attempts");
      }
      pending.replace(requestId, new Pending(request, failures));
      return new SignInOutcome.Form(
          requestId, request, "The username or password is not right. Check them and try again.", name);
    }
    if (pending.take(requestId).isEmpty()) { // a second post of the same form raced this one
      return new SignInOutcome.Stop(400, "This sign-in page was already used. Go back and sign in again.");
    }
    Optional<String> code = codes.put(new IssuedCode(request, user.get(), clock.instant()));
    if (code.isEmpty()) {
      return error(request.redirectUri(), request.state(), "temporarily_unavailable", "too many sign-ins in progress");
    }
    log.info("{} signed in to client {} for {}", user.get().username(), request.clientId(), user.get().organization());
    Map<String, String> parameters = new LinkedHashMap<>();
    parameters.put("code", code.get());
    parameters.put("state", request.state());
    return new SignInOutcome.Redirect(withQuery(request.redirectUri(), parameters));
  }

  /** The code's grant, removed so it is good once; empty when unknown, used or expired. */
  Optional<IssuedCode> redeem(String code) {
    return codes.take(code);
  }

  /** Whether the sign-in page shows the demo users' passwords. */
  public boolean showsDemoUsers() {
    return users.isDemo();
  }

  private static SignInOutcome error(
      String redirectUri, @Nullable String state, String error, String description) {
    Map<String, String> parameters = new LinkedHashMap<>();
    parameters.put("error", error);
    parameters.put("error_description", description);
    parameters.put("state", state);
    return new SignInOutcome.Redirect(withQuery(redirectUri, parameters));
  }

  /** {@code uri} with the non-null parameters appended to its query. */
  static String withQuery(String uri, Map<String, @Nullable String> parameters) {
    StringBuilder out = new StringBuilder(uri);
    char separator = uri.contains("?") ? '&' : '?';
    for (Map.Entry<String, @Nullable String> parameter : parameters.entrySet()) {
      if (parameter.getValue() == null) {
        continue;
      }
      out.append(separator)
          .append(parameter.getKey())
          .append('=')
          .append(URLEncoder.encode(parameter.getValue(), StandardCharsets.UTF_8));
      separator = '&';
    }
    return out.toString();
  }

  private static @Nullable String single(Map<String, String[]> query, String name) {
    String[] values = query.get(name);
    return values == null || values.length == 0 || values[0].isBlank() ? null : values[0];
  }
}
