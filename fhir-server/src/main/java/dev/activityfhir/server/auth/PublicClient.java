package dev.activityfhir.server.auth;

import java.util.List;
import java.util.function.Supplier;

/**
 * The built-in authorization server's one public client, the Activity Finder page: it has no secret (a page cannot
 * keep one), so it must use PKCE, and codes go only to its registered redirect URIs, compared exactly.
 *
 * @param clientId its {@code client_id} ({@code FINDER_OIDC_CLIENT_ID}, default {@code activity-finder})
 * @param redirectUris its redirect URIs, asked when needed (the port may be known only once listening)
 */
public record PublicClient(String clientId, Supplier<List<String>> redirectUris) {

  /** Whether {@code uri} is one of the registered redirect URIs, character for character. */
  public boolean allowsRedirect(String uri) {
    return redirectUris.get().contains(uri);
  }
}
