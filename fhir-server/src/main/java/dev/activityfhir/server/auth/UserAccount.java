package dev.activityfhir.server.auth;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A person who signs in to the Activity Finder through the built-in authorization server.
 *
 * @param username what they type to sign in; the {@code sub} of their ID tokens
 * @param password their password's {@link PasswordHash}
 * @param name their display name ({@code name} claim)
 * @param organization the organisation they act for, in normal form (see {@link CallerOrganization}): an ODS code
 *     for a referrer, {@code Organization/<id>} for a provider
 * @param organizationName the organisation's display name, or null to show {@link #organization}
 * @param role what they do: refer people, or provide activities
 * @param scopes the SMART scopes their access tokens carry ({@code user/...})
 */
public record UserAccount(
    String username,
    PasswordHash password,
    String name,
    String organization,
    @Nullable String organizationName,
    Role role,
    List<String> scopes) {

  /** What a signed-in person does; decided by the kind of organisation they act for. */
  public enum Role {
    /** A link worker, GP practice or other referrer, acting for an ODS code. */
    REFERRER,
    /** An activity provider, acting for a directory Organization. */
    PROVIDER;

    /** The claim value: {@code referrer} or {@code provider}. */
    public String claim() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public UserAccount {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(organization, "organization");
    Objects.requireNonNull(role, "role");
    scopes = List.copyOf(scopes);
  }

  /** The organisation's display name, else its code or reference. */
  public String organizationLabel() {
    return organizationName != null ? organizationName : organization;
  }

  @Override
  public String toString() {
    return "UserAccount[" + username + ", " + organization + ", " + role.claim() + "]"; // no hash in logs
  }
}
