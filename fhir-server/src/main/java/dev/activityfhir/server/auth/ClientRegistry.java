package dev.activityfhir.server.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import dev.activityfhir.server.config.ConfigException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The built-in authorization server's clients, read once from the JSON file named by {@code AUTH_CLIENTS_FILE}:
 *
 * <pre>{@code
 * {"clients": [
 *   {"client_id": "riverside-surgery", "organization": "A81001",
 *    "scope": "system/ServiceRequest.cruds system/Patient.cru system/Consent.cr system/Task.rs",
 *    "jwks": {"keys": [ ...public JWKs... ]}},
 *   {"client_id": "walk-well", "organization": "Organization/org-walk-well",
 *    "scope": "system/ServiceRequest.rs system/Task.rus", "jwks_uri": "https://walk-well.example/jwks.json"},
 *   {"client_id": "audit-reader", "organization": "A81001", "scope": "system/AuditEvent.rs", "admin": true,
 *    "jwks": {"keys": [ ... ]}}
 * ]}
 * }</pre>
 *
 * Every mistake is a {@link ConfigException} naming the client and the field: the server does not start on a
 * registry it cannot trust.
 */
public final class ClientRegistry {

  private final Map<String, RegisteredClient> clients;

  private ClientRegistry(Map<String, RegisteredClient> clients) {
    this.clients = Map.copyOf(clients);
  }

  /** No client registered. */
  public static ClientRegistry empty() {
    return new ClientRegistry(Map.of());
  }

  /** Reads and checks the registry file. */
  public static ClientRegistry load(Path file) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new ConfigException("AUTH_CLIENTS_FILE " + file + " cannot be read as JSON: " + e.getMessage());
    }
    JsonNode list = root == null ? null : root.get("clients");
    if (list == null || !list.isArray()) {
      throw new ConfigException("AUTH_CLIENTS_FILE " + file + " must hold {\"clients\": [...]}");
    }
    Map<String, RegisteredClient> clients = new LinkedHashMap<>();
    int position = 0;
    for (JsonNode entry : list) {
      RegisteredClient client = parse(entry, "clients[" + position++ + "]");
      if (clients.putIfAbsent(client.clientId(), client) != null) {
        throw new ConfigException("AUTH_CLIENTS_FILE registers client " + client.clientId() + " twice");
      }
    }
    return new ClientRegistry(clients);
  }

  private static RegisteredClient parse(JsonNode entry, String where) {
    String clientId = text(entry, "client_id", where);
    String at = "client " + clientId;
    String organization =
        CallerOrganization.normalise(text(entry, "organization", at))
            .orElseThrow(
                () ->
                    new ConfigException(
                        "AUTH_CLIENTS_FILE " + at + ": organization must be an ODS code or Organization/<id>"));
    Set<String> scopes =
        new LinkedHashSet<>(Arrays.asList(text(entry, "scope", at).trim().split("\\s+")));
    boolean admin = entry.path("admin").asBoolean(false);
    for (String scope : scopes) {
      if (!admin && "AuditEvent".equals(RegisteredClient.resourceType(scope))) {
        throw new ConfigException(
            "AUTH_CLIENTS_FILE " + at + ": scope " + scope + " is for admin clients only (\"admin\": true)");
      }
    }
    return new RegisteredClient(clientId, organization, scopes, admin, keys(entry, at));
  }

  private static JWKSource<SecurityContext> keys(JsonNode entry, String at) {
    JsonNode jwks = entry.get("jwks");
    JsonNode jwksUri = entry.get("jwks_uri");
    if ((jwks == null) == (jwksUri == null)) {
      throw new ConfigException("AUTH_CLIENTS_FILE " + at + ": give exactly one of jwks and jwks_uri");
    }
    if (jwksUri != null) {
      try {
        URI uri = new URI(jwksUri.asText());
        if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) {
          throw new ConfigException("AUTH_CLIENTS_FILE " + at + ": jwks_uri must be an http(s) URL");
        }
        return KeySources.remote(uri);
      } catch (URISyntaxException e) {
        throw new ConfigException("AUTH_CLIENTS_FILE " + at + ": jwks_uri is not a URL");
      }
    }
    JWKSet set;
    try {
      set = JWKSet.parse(jwks.toString());
    } catch (ParseException e) {
      throw new ConfigException("AUTH_CLIENTS_FILE " + at + ": jwks is not a JSON Web Key Set");
    }
    if (set.getKeys().isEmpty()) {
      throw new ConfigException("AUTH_CLIENTS_FILE " + at + ": jwks holds no key");
    }
    for (JWK key : set.getKeys()) {
      if (key.isPrivate()) {
        // A private key in a registry means it was copied where it should not be: refuse rather than use it.
        throw new ConfigException("AUTH_CLIENTS_FILE " + at + ": jwks must hold public keys only");
      }
    }
    return new ImmutableJWKSet<>(set);
  }

  private static String text(JsonNode entry, String field, String where) {
    JsonNode value = entry.get(field);
    if (value == null || !value.isTextual() || value.asText().isBlank()) {
      throw new ConfigException("AUTH_CLIENTS_FILE " + where + ": " + field + " is missing");
    }
    return value.asText();
  }

  /** The client registered as {@code clientId}. */
  public Optional<RegisteredClient> find(String clientId) {
    return Optional.ofNullable(clients.get(clientId));
  }

  /** How many clients are registered. */
  public int size() {
    return clients.size();
  }
}
