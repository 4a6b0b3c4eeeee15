package dev.activityfhir.server.auth;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A client registered with the built-in authorization server.
 *
 * @param clientId its {@code client_id}: the {@code iss} and {@code sub} of its client assertions
 * @param organization the organisation its tokens act for (normal form, see {@link CallerOrganization})
 * @param allowedScopes the scopes it may be granted, in the order registered
 * @param admin whether it may hold audit-trail scopes ({@code system/AuditEvent.rs})
 * @param keys its public keys, which its client assertions must be signed with
 */
public record RegisteredClient(
    String clientId,
    String organization,
    Set<String> allowedScopes,
    boolean admin,
    JWKSource<SecurityContext> keys) {

  public RegisteredClient {
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(organization, "organization");
    Objects.requireNonNull(keys, "keys");
    allowedScopes = Collections.unmodifiableSet(new LinkedHashSet<>(allowedScopes));
  }

  /**
   * The scopes to grant for a token request: all allowed scopes when none is requested, else the requested ones,
   * each of which must be allowed or narrower than an allowed one ({@code system/Task.rs} within {@code
   * system/Task.cruds} or {@code system/*.*}).
   *
   * @throws OAuthError {@code invalid_scope} naming the first scope not allowed
   */
  public List<String> grant(@Nullable String requested) throws OAuthError {
    if (requested == null || requested.isBlank()) {
      return List.copyOf(allowedScopes);
    }
    Caller allowed = new Caller(clientId, organization, allowedScopes);
    List<String> granted = new ArrayList<>();
    for (String scope : new LinkedHashSet<>(Arrays.asList(requested.trim().split("\\s+")))) {
      if (!allowedScopes.contains(scope) && !isNarrowerThanAllowed(scope, allowed)) {
        throw OAuthError.invalidScope("scope " + scope + " is not allowed for client " + clientId);
      }
      granted.add(scope);
    }
    return granted;
  }

  /** True when every interaction {@code scope} grants on its resource type is granted by an allowed scope. */
  static boolean isNarrowerThanAllowed(String scope, Caller allowed) {
    String type = resourceType(scope);
    if (type == null) {
      return false;
    }
    Caller requested = new Caller("", "", Set.of(scope));
    boolean grantsAny = false;
    for (Caller.Permission permission : Caller.Permission.values()) {
      if (requested.allows(type, permission)) {
        grantsAny = true;
        if (!allowed.allows(type, permission)) {
          return false;
        }
      }
    }
    return grantsAny;
  }

  /** The resource type ({@code *} for all) of a SMART resource scope, else null. */
  static @Nullable String resourceType(String scope) {
    int slash = scope.indexOf('/');
    int dot = scope.indexOf('.', slash + 1);
    return slash < 0 || dot < 0 ? null : scope.substring(slash + 1, dot);
  }
}
