package dev.activityfhir.server.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.activityfhir.server.config.ConfigException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The people who may sign in at {@code /auth/authorize}, read once from the JSON file named by {@code
 * AUTH_USERS_FILE}:
 *
 * <pre>{@code
 * {"users": [
 *   {"username": "jo.link", "password_hash": "pbkdf2-sha256$600000$<salt>$<hash>",
 *    "name": "Jo Link", "organization": "A81001", "organization_name": "Riverside Surgery",
 *    "role": "referrer",
 *    "scope": "user/ServiceRequest.crs user/Patient.crs user/Consent.crs user/Task.rs"},
 *   {"username": "sam.provider", "password_hash": "...", "name": "Sam Provider",
 *    "organization": "Organization/f3782065cbcf0be04a40191cba4dbf2b", "role": "provider"}
 * ]}
 * }</pre>
 *
 * A referrer acts for an ODS code and a provider for a directory Organization; {@code scope} defaults to the
 * role's {@link #REFERRER_SCOPES} or {@link #PROVIDER_SCOPES}. Passwords are never stored, only their {@link
 * PasswordHash}. Every mistake is a {@link ConfigException} naming the entry and field: the server does not start
 * on a users file it cannot trust.
 */
public final class SignInUsers {

  /** What a referrer needs to refer and follow its referrals. */
  public static final List<String> REFERRER_SCOPES =
      List.of("user/ServiceRequest.crs", "user/Patient.crs", "user/Consent.crs", "user/Task.rs");

  /** What a provider needs to read the referrals to its services and move their Tasks on. */
  public static final List<String> PROVIDER_SCOPES =
      List.of("user/ServiceRequest.rs", "user/Patient.rs", "user/Consent.rs", "user/Task.rus");

  /**
   * Verified against when the username is unknown, so that an unknown name costs as long as a wrong password and
   * the answer time does not tell which names exist.
   */
  private static final PasswordHash UNKNOWN_USER =
      PasswordHash.parse("pbkdf2-sha256$600000$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");

  private final Map<String, UserAccount> byUsername;
  private final boolean demo;

  private SignInUsers(Map<String, UserAccount> byUsername, boolean demo) {
    this.byUsername = Map.copyOf(byUsername);
    this.demo = demo;
  }

  /** Nobody may sign in. */
  public static SignInUsers none() {
    return new SignInUsers(Map.of(), false);
  }

  /** The default run's demo users (see {@link DemoUsers}): shown on the sign-in page with their passwords. */
  public static SignInUsers demo() {
    return of(DemoUsers.ACCOUNTS, true);
  }

  static SignInUsers of(List<UserAccount> accounts, boolean demo) {
    Map<String, UserAccount> users = new LinkedHashMap<>();
    accounts.forEach(a -> users.put(a.username(), a));
    return new SignInUsers(users, demo);
  }

  /** Reads and checks the users file. */
  public static SignInUsers load(Path file) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new ConfigException("AUTH_USERS_FILE " + file + " cannot be read as JSON: " + e.getMessage());
    }
    return parse(root, "AUTH_USERS_FILE " + file);
  }

  /** Reads the users document; {@code source} names it in errors. */
  static SignInUsers parse(JsonNode root, String source) {
    JsonNode list = root == null ? null : root.get("users");
    if (list == null || !list.isArray()) {
      throw new ConfigException(source + " must hold {\"users\": [...]}");
    }
    Map<String, UserAccount> users = new LinkedHashMap<>();
    int position = 0;
    for (JsonNode entry : list) {
      UserAccount user = account(entry, source + " users[" + position++ + "]");
      if (users.putIfAbsent(user.username(), user) != null) {
        throw new ConfigException(source + " lists user " + user.username() + " twice");
      }
    }
    return new SignInUsers(users, false);
  }

  private static UserAccount account(JsonNode entry, String where) {
    String username = text(entry, "username", where);
    if (!username.matches("[A-Za-z0-9._@-]{1,64}")) {
      throw new ConfigException(where + ": username must be 1 to 64 letters, digits or . _ @ -");
    }
    String at = where + " (" + username + ")";
    PasswordHash hash;
    try {
      hash = PasswordHash.parse(text(entry, "password_hash", at));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(at + ": password_hash is unusable: " + e.getMessage());
    }
    String organization =
        CallerOrganization.normalise(text(entry, "organization", at))
            .orElseThrow(() -> new ConfigException(at + ": organization must be an ODS code or Organization/<id>"));
    UserAccount.Role role = role(text(entry, "role", at), at);
    boolean provider = organization.startsWith(Caller.PROVIDER_PREFIX);
    if (provider != (role == UserAccount.Role.PROVIDER)) {
      throw new ConfigException(
          at + ": a referrer acts for an ODS code, a provider for Organization/<id>; role and organization disagree");
    }
    List<String> scopes = scopes(entry, role, at);
    JsonNode organizationName = entry.get("organization_name");
    return new UserAccount(
        username,
        hash,
        text(entry, "name", at),
        organization,
        organizationName != null && organizationName.isTextual() && !organizationName.asText().isBlank()
            ? organizationName.asText()
            : null,
        role,
        scopes);
  }

  private static UserAccount.Role role(String raw, String at) {
    try {
      return UserAccount.Role.valueOf(raw.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(at + ": role must be referrer or provider");
    }
  }

  private static List<String> scopes(JsonNode entry, UserAccount.Role role, String at) {
    JsonNode scope = entry.get("scope");
    if (scope == null) {
      return role == UserAccount.Role.PROVIDER ? PROVIDER_SCOPES : REFERRER_SCOPES;
    }
    if (!scope.isTextual() || scope.asText().isBlank()) {
      throw new ConfigException(at + ": scope must be space-separated SMART scopes");
    }
    List<String> scopes = new ArrayList<>();
    for (String value : Arrays.asList(scope.asText().trim().split("\\s+"))) {
      String type = RegisteredClient.resourceType(value);
      if (type == null || !(value.startsWith("user/") || value.startsWith("system/"))) {
        throw new ConfigException(at + ": scope " + value + " is not a SMART user/ or system/ resource scope");
      }
      if (type.equals("AuditEvent")) {
        throw new ConfigException(at + ": scope " + value + " is for admin clients only, not people");
      }
      scopes.add(value);
    }
    return scopes;
  }

  private static String text(JsonNode entry, String field, String where) {
    JsonNode value = entry.get(field);
    if (value == null || !value.isTextual() || value.asText().isBlank()) {
      throw new ConfigException(where + ": " + field + " is missing");
    }
    return value.asText();
  }

  /**
   * The user with this name and password; empty for an unknown name or a wrong password alike, after the same
   * work.
   */
  public Optional<UserAccount> authenticate(String username, char[] password) {
    UserAccount user = byUsername.get(username);
    boolean matches = (user == null ? UNKNOWN_USER : user.password()).matches(password);
    return user != null && matches ? Optional.of(user) : Optional.empty();
  }

  /** The user with this name. */
  public Optional<UserAccount> find(String username) {
    return Optional.ofNullable(byUsername.get(username));
  }

  /** Whether these are the default run's demo users, whose passwords the sign-in page shows. */
  public boolean isDemo() {
    return demo;
  }

  /** How many people may sign in. */
  public int size() {
    return byUsername.size();
  }
}
