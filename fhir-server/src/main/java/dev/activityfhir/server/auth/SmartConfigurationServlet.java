package dev.activityfhir.server.auth;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SMART discovery at {@code /fhir/.well-known/smart-configuration}: where to get tokens (the built-in server or the
 * outside one), its keys, {@code private_key_jwt} client authentication, and the scopes the referral side knows.
 */
public final class SmartConfigurationServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  /** The referral side's resource types, each with SMART v2 and v1 scopes. */
  static final List<String> REFERRAL_TYPES = List.of("ServiceRequest", "Task", "Patient", "Consent");

  private final transient AuthUrls urls;
  private final boolean builtIn;

  /**
   * @param builtIn whether the built-in server issues the tokens (and so offers the code flow for people)
   */
  public SmartConfigurationServlet(AuthUrls urls, boolean builtIn) {
    this.urls = urls;
    this.builtIn = builtIn;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    response.setHeader("Cache-Control", "public, max-age=300");
    JsonResponses.write(response, HttpServletResponse.SC_OK, document(urls, builtIn), false);
  }

  /** The discovery document. */
  static Map<String, Object> document(AuthUrls urls, boolean builtIn) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("issuer", urls.issuer());
    String jwksUri = urls.jwksUri();
    if (jwksUri != null) {
      body.put("jwks_uri", jwksUri);
    }
    body.put("token_endpoint", urls.tokenEndpoint());
    if (builtIn) {
      // People sign in to the Activity Finder with the code flow: a public client, PKCE S256, OpenID Connect.
      body.put("authorization_endpoint", urls.authorizationEndpoint());
      body.put("grant_types_supported", List.of("client_credentials", "authorization_code"));
      body.put("response_types_supported", List.of("code"));
      body.put("code_challenge_methods_supported", List.of(Pkce.S256));
    } else {
      body.put("grant_types_supported", List.of("client_credentials"));
    }
    body.put("token_endpoint_auth_methods_supported", List.of("private_key_jwt"));
    body.put(
        "token_endpoint_auth_signing_alg_values_supported", List.of("RS384", "ES384", "RS256", "ES256"));
    body.put("scopes_supported", scopes(builtIn));
    List<String> capabilities =
        new ArrayList<>(List.of("client-confidential-asymmetric", "permission-v1", "permission-v2"));
    if (builtIn) {
      capabilities.addAll(List.of("launch-standalone", "client-public", "sso-openid-connect", "permission-user"));
    }
    body.put("capabilities", capabilities);
    return body;
  }

  private static List<String> scopes(boolean builtIn) {
    List<String> scopes = new ArrayList<>();
    if (builtIn) {
      scopes.addAll(List.of("openid", "profile"));
      scopes.addAll(SignInUsers.REFERRER_SCOPES);
      SignInUsers.PROVIDER_SCOPES.stream().filter(s -> !scopes.contains(s)).forEach(scopes::add);
    }
    for (String type : REFERRAL_TYPES) {
      scopes.add("system/" + type + ".cruds");
      scopes.add("system/" + type + ".rs");
      scopes.add("system/" + type + ".read");
      scopes.add("system/" + type + ".write");
    }
    scopes.add("system/AuditEvent.rs"); // granted to admin clients only
    return scopes;
  }
}
