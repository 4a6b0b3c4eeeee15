package dev.activityfhir.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.ECKey;
import dev.activityfhir.server.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClientRegistryTest {

  private static final ECKey KEY = TestTokens.ecKey("k1");
  private static final String JWKS = TestTokens.publicSet(KEY).toString();

  @TempDir Path dir;

  private ClientRegistry load(String json) throws Exception {
    Path file = dir.resolve("clients.json");
    Files.writeString(file, json);
    return ClientRegistry.load(file);
  }

  private RegisteredClient client(String scope) throws Exception {
    return load(
            """
            {"clients": [{"client_id": "c1", "organization": "ods-code|a81001", "scope": "%s", "jwks": %s}]}
            """
                .replace("ods-code", CallerOrganization.ODS_SYSTEM)
                .formatted(scope, JWKS))
        .find("c1")
        .orElseThrow();
  }

  @Test
  void readsAClientWithItsOrganisationScopesAndKeys() throws Exception {
    RegisteredClient client = client("system/ServiceRequest.cruds system/Task.rs");

    assertThat(client.organization()).isEqualTo("A81001");
    assertThat(client.allowedScopes()).containsExactly("system/ServiceRequest.cruds", "system/Task.rs");
    assertThat(client.admin()).isFalse();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {
        "system/ServiceRequest.cruds system/Task.rs; ; system/ServiceRequest.cruds system/Task.rs",
        "system/ServiceRequest.cruds; system/ServiceRequest.rs; system/ServiceRequest.rs",
        "system/ServiceRequest.cruds; system/ServiceRequest.read system/ServiceRequest.write;"
            + " system/ServiceRequest.read system/ServiceRequest.write",
        "system/*.*; system/Task.u system/Patient.cr; system/Task.u system/Patient.cr",
        "system/Task.rs openid; openid; openid",
      })
  void grantsAllowedOrNarrowerScopes(String allowed, String requested, String granted) throws Exception {
    assertThat(String.join(" ", client(allowed).grant(requested))).isEqualTo(granted);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {
        "system/ServiceRequest.rs; system/ServiceRequest.c",
        "system/ServiceRequest.read; system/ServiceRequest.write",
        "system/Task.cruds; system/*.rs",
        "system/Task.rs; openid",
        "system/Task.rs; system/Task.rs?status=requested",
      })
  void refusesScopesBeyondTheAllowed(String allowed, String requested) throws Exception {
    RegisteredClient client = client(allowed);

    assertThatThrownBy(() -> client.grant(requested))
        .isInstanceOf(OAuthError.class)
        .hasMessageContaining("is not allowed for client c1")
        .satisfies(e -> assertThat(((OAuthError) e).error()).isEqualTo("invalid_scope"));
  }

  @Test
  void auditScopesAreForAdminClientsOnly() throws Exception {
    assertThatThrownBy(() -> client("system/AuditEvent.rs"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("client c1: scope system/AuditEvent.rs is for admin clients only");

    ClientRegistry registry =
        load(
            """
            {"clients": [{"client_id": "auditor", "organization": "A81001", "scope": "system/AuditEvent.rs",
              "admin": true, "jwks": %s}]}
            """
                .formatted(JWKS));
    assertThat(registry.find("auditor").orElseThrow().admin()).isTrue();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {
        "{}; must hold {\"clients\": [...]}",
        "{\"clients\": [{\"organization\": \"A81001\"}]}; clients[0]: client_id is missing",
        "{\"clients\": [{\"client_id\": \"c\", \"organization\": \"GP Practice!\", \"scope\": \"s\", \"jwks\": {}}]};"
            + " client c: organization must be an ODS code or Organization/<id>",
        "{\"clients\": [{\"client_id\": \"c\", \"organization\": \"A81001\", \"scope\": \"system/Task.rs\"}]};"
            + " client c: give exactly one of jwks and jwks_uri",
        "{\"clients\": [{\"client_id\": \"c\", \"organization\": \"A81001\", \"scope\": \"system/Task.rs\","
            + " \"jwks\": {\"keys\": []}}]}; client c: jwks holds no key",
        "not json; cannot be read as JSON",
      })
  void refusesABrokenRegistryNamingTheClientAndField(String json, String message) {
    assertThatThrownBy(() -> load(json)).isInstanceOf(ConfigException.class).hasMessageContaining(message);
  }

  @Test
  void refusesPrivateKeysAndDuplicates() {
    String withPrivate =
        """
        {"clients": [{"client_id": "c", "organization": "A81001", "scope": "system/Task.rs",
          "jwks": {"keys": [%s]}}]}
        """
            .formatted(KEY.toJSONString());
    assertThatThrownBy(() -> load(withPrivate))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("jwks must hold public keys only");

    String twice =
        """
        {"clients": [{"client_id": "c", "organization": "A81001", "scope": "system/Task.rs", "jwks": %1$s},
                     {"client_id": "c", "organization": "B82002", "scope": "system/Task.rs", "jwks": %1$s}]}
        """
            .formatted(JWKS);
    assertThatThrownBy(() -> load(twice))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("registers client c twice");
  }
}
