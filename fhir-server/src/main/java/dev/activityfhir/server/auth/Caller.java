package dev.activityfhir.server.auth;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Who is calling the referral side, as established from a validated bearer token: the client, the organisation it
 * acts for and the SMART scopes it was granted. The referral rules decide what this organisation may see; the
 * scopes decide which interactions it may attempt at all.
 *
 * @param clientId the token's {@code client_id} (else {@code sub})
 * @param organization an ODS code such as {@code A81001} (a referrer: GP practice, link-worker service) or a
 *     directory Organization reference {@code Organization/<id>} (an activity provider)
 * @param scopes the granted scopes, SMART v2 ({@code system/ServiceRequest.cruds}) or v1 ({@code
 *     system/ServiceRequest.read}, {@code .write}, {@code .*}); {@code user/} scopes count like {@code system/}
 */
public record Caller(String clientId, String organization, Set<String> scopes) {

  /** An interaction a scope can grant, by its SMART v2 letter. */
  public enum Permission {
    CREATE('c'),
    READ('r'),
    UPDATE('u'),
    DELETE('d'),
    SEARCH('s');

    private final char letter;

    Permission(char letter) {
      this.letter = letter;
    }

    /** SMART v1 {@code read} grants read and search; {@code write} grants create, update and delete. */
    boolean grantedByV1(String action) {
      return switch (action) {
        case "*" -> true;
        case "read" -> this == READ || this == SEARCH;
        case "write" -> this == CREATE || this == UPDATE || this == DELETE;
        default -> false;
      };
    }
  }

  /** The prefix of an organisation reference naming a directory Organization (an activity provider). */
  public static final String PROVIDER_PREFIX = "Organization/";

  public Caller {
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(organization, "organization");
    scopes = Set.copyOf(scopes);
  }

  /** True when a granted scope allows this interaction on this resource type. */
  public boolean allows(String resourceType, Permission permission) {
    for (String scope : scopes) {
      if (grants(scope, resourceType, permission)) {
        return true;
      }
    }
    return false;
  }

  /** True for an activity provider (a directory Organization), false for a referrer (an ODS code). */
  public boolean isProvider() {
    return organization.startsWith(PROVIDER_PREFIX);
  }

  private static boolean grants(String scope, String resourceType, Permission permission) {
    int slash = scope.indexOf('/');
    int dot = scope.indexOf('.', slash + 1);
    if (slash < 0 || dot < 0) {
      return false;
    }
    String context = scope.substring(0, slash);
    if (!context.equals("system") && !context.equals("user")) {
      return false;
    }
    String type = scope.substring(slash + 1, dot);
    if (!type.equals("*") && !type.equals(resourceType)) {
      return false;
    }
    String action = scope.substring(dot + 1);
    int query = action.indexOf('?'); // v2 fine-grained constraints are not granted here: deny rather than widen
    if (query >= 0) {
      return false;
    }
    if (permission.grantedByV1(action)) {
      return true;
    }
    return isV2Letters(action) && action.indexOf(permission.letter) >= 0;
  }

  /** SMART v2 permissions: a non-empty subsequence of {@code cruds}, in that order. */
  private static boolean isV2Letters(String action) {
    String order = "cruds";
    int at = 0;
    for (char c : action.toLowerCase(Locale.ROOT).toCharArray()) {
      int found = order.indexOf(c, at);
      if (found < 0 || c != Character.toLowerCase(c)) {
        return false;
      }
      at = found + 1;
    }
    return !action.isEmpty() && action.equals(action.toLowerCase(Locale.ROOT));
  }
}
