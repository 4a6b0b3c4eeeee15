package dev.activityfhir.server.auth;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The built-in server's OpenID Connect discovery document ({@code /auth/.well-known/openid-configuration},
 * OpenID Connect Discovery 1.0 section 3): the code flow with PKCE S256 for people, client credentials with
 * {@code private_key_jwt} for systems, ES256 tokens from one key set.
 */
final class OpenIdConfiguration {

  private OpenIdConfiguration() {}

  static Map<String, Object> document(AuthUrls urls) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("issuer", urls.issuer());
    body.put("authorization_endpoint", urls.authorizationEndpoint());
    body.put("token_endpoint", urls.tokenEndpoint());
    String jwksUri = urls.jwksUri();
    if (jwksUri != null) {
      body.put("jwks_uri", jwksUri);
    }
    body.put("response_types_supported", List.of("code"));
    body.put("response_modes_supported", List.of("query"));
    body.put("grant_types_supported", List.of("authorization_code", "client_credentials"));
    body.put("code_challenge_methods_supported", List.of(Pkce.S256));
    body.put("subject_types_supported", List.of("public"));
    body.put("id_token_signing_alg_values_supported", List.of("ES256"));
    body.put("token_endpoint_auth_methods_supported", List.of("none", "private_key_jwt"));
    body.put("token_endpoint_auth_signing_alg_values_supported", List.of("RS384", "ES384", "RS256", "ES256"));
    List<String> scopes = new ArrayList<>(List.of("openid", "profile"));
    scopes.addAll(SignInUsers.REFERRER_SCOPES);
    SignInUsers.PROVIDER_SCOPES.stream().filter(s -> !scopes.contains(s)).forEach(scopes::add);
    body.put("scopes_supported", scopes);
    body.put(
        "claims_supported",
        List.of(
            "iss", "sub", "aud", "exp", "iat", "auth_time", "nonce", "azp", "name", "organization",
            "organization_name", "role"));
    return body;
  }
}
