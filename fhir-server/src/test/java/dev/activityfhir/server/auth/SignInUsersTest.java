package dev.activityfhir.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.activityfhir.server.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SignInUsersTest {

  private static final String HASH = PasswordHash.hash("secret words".toCharArray());

  private static SignInUsers parse(String json) throws Exception {
    return SignInUsers.parse(new ObjectMapper().readTree(json.replace("HASH", HASH)), "AUTH_USERS_FILE users.json");
  }

  @Test
  void usersAreReadWithTheirRoleScopesAndOrganisation() throws Exception {
    SignInUsers users =
        parse(
            """
            {"users": [
              {"username": "jo.link", "password_hash": "HASH", "name": "Jo Link",
               "organization": "https://fhir.nhs.uk/Id/ods-organization-code|a81001", "role": "referrer"},
              {"username": "sam", "password_hash": "HASH", "name": "Sam", "organization": "Organization/org-1",
               "organization_name": "Walk Well", "role": "Provider", "scope": "user/Task.rs"}
            ]}
            """);
    assertThat(users.size()).isEqualTo(2);
    assertThat(users.isDemo()).isFalse();
    UserAccount jo = users.find("jo.link").orElseThrow();
    assertThat(jo.organization()).isEqualTo("A81001");
    assertThat(jo.organizationLabel()).isEqualTo("A81001");
    assertThat(jo.role()).isEqualTo(UserAccount.Role.REFERRER);
    assertThat(jo.scopes()).isEqualTo(SignInUsers.REFERRER_SCOPES);
    UserAccount sam = users.find("sam").orElseThrow();
    assertThat(sam.role()).isEqualTo(UserAccount.Role.PROVIDER);
    assertThat(sam.scopes()).containsExactly("user/Task.rs");
    assertThat(sam.organizationLabel()).isEqualTo("Walk Well");
    assertThat(sam.toString()).doesNotContain(HASH);

    assertThat(users.authenticate("jo.link", "secret words".toCharArray())).contains(jo);
    assertThat(users.authenticate("jo.link", "secret word".toCharArray())).isEmpty();
    assertThat(users.authenticate("nobody", "secret words".toCharArray())).isEmpty();
  }

  @Test
  void theDemoUsersAreAReferrerAndAProvider() {
    SignInUsers demo = SignInUsers.demo();
    assertThat(demo.isDemo()).isTrue();
    UserAccount worker = demo.authenticate(DemoUsers.LINK_WORKER, DemoUsers.LINK_WORKER_PASSWORD.toCharArray())
        .orElseThrow();
    assertThat(worker.role()).isEqualTo(UserAccount.Role.REFERRER);
    assertThat(worker.organization()).isEqualTo("DEMOLW1");
    UserAccount provider = demo.find(DemoUsers.PROVIDER).orElseThrow();
    assertThat(provider.role()).isEqualTo(UserAccount.Role.PROVIDER);
    assertThat(provider.organization()).isEqualTo(DemoUsers.PROVIDER_ORGANIZATION);
    assertThat(provider.scopes()).contains("user/Task.rus");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {
        "{\"people\": []}; must hold {\"users\": [...]}",
        "{\"users\": [{\"password_hash\": \"HASH\"}]}; users[0]: username is missing",
        "{\"users\": [{\"username\": \"a b\"}]}; username must be",
        "{\"users\": [{\"username\": \"jo\", \"password\": \"plain\", \"name\": \"Jo\"}]}; (jo): password_hash is missing",
        "{\"users\": [{\"username\": \"jo\", \"password_hash\": \"plain\"}]}; password_hash is unusable",
        "{\"users\": [{\"username\": \"jo\", \"password_hash\": \"HASH\", \"organization\": \"A81001\", \"role\": \"provider\", \"name\": \"Jo\"}]}; role and organization disagree",
        "{\"users\": [{\"username\": \"jo\", \"password_hash\": \"HASH\", \"organization\": \"A81001\", \"role\": \"admin\", \"name\": \"Jo\"}]}; role must be referrer or provider",
        "{\"users\": [{\"username\": \"jo\", \"password_hash\": \"HASH\", \"organization\": \"no way!\", \"role\": \"referrer\", \"name\": \"Jo\"}]}; organization must be an ODS code",
        "{\"users\": [{\"username\": \"jo\", \"password_hash\": \"HASH\", \"organization\": \"A81001\", \"role\": \"referrer\", \"name\": \"Jo\", \"scope\": \"user/AuditEvent.rs\"}]}; admin clients only",
        "{\"users\": [{\"username\": \"jo\", \"password_hash\": \"HASH\", \"organization\": \"A81001\", \"role\": \"referrer\", \"name\": \"Jo\", \"scope\": \"patient/Task.rs\"}]}; not a SMART user/ or system/",
        "{\"users\": [{\"username\": \"jo\", \"password_hash\": \"HASH\", \"organization\": \"A81001\", \"role\": \"referrer\", \"name\": \"Jo\"}, {\"username\": \"jo\", \"password_hash\": \"HASH\", \"organization\": \"A81001\", \"role\": \"referrer\", \"name\": \"Jo\"}]}; lists user jo twice"
      })
  void mistakesAreRefusedNamingTheField(String json, String message) {
    assertThatThrownBy(() -> parse(json)).isInstanceOf(ConfigException.class).hasMessageContaining(message);
  }
}
