package dev.activityfhir.server.harvest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.activityfhir.server.harvest.FetchPolicy.Refusal;
import dev.activityfhir.server.harvest.FetchPolicy.Rule;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FetchPolicyTest {

  private static final String SOURCE = "http://127.0.0.1:8080/site";

  /** Resolves names from a table, as DNS would, without DNS. */
  private static FetchPolicy.Resolver table(Map<String, List<String>> names) {
    return host -> {
      List<String> addresses = names.get(host);
      if (addresses == null) {
        throw new UnknownHostException(host);
      }
      InetAddress[] resolved = new InetAddress[addresses.size()];
      for (int i = 0; i < resolved.length; i++) {
        resolved[i] = InetAddress.getByName(addresses.get(i));
      }
      return resolved;
    };
  }

  private static Rule rule(String label) {
    return Rule.valueOf(label.toUpperCase(Locale.ROOT).replace('-', '_'));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "127.0.0.2", "127.255.255.254", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1",
        "169.254.169.254", "100.64.0.1", "100.127.255.255", "0.0.0.0", "0.1.2.3", "224.0.0.1", "239.1.2.3",
        "255.255.255.255", "240.0.0.1", "192.0.0.8", "198.18.0.1", "::", "::1", "fe80::1", "fc00::1",
        "fd12:3456::1", "fec0::1", "ff02::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:169.254.169.254",
        "2002:a9fe:a9fe::1", "64:ff9b::a00:1", "2001:db8::1", "::127.0.0.1"
      })
  void nonPublicAddressesAreNotPublic(String address) throws Exception {
    assertThat(PublicAddresses.isPublic(InetAddress.getByName(address))).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "2001:4860:4860::8888", "2a00:1450::1"})
  void publicAddressesArePublic(String address) throws Exception {
    assertThat(PublicAddresses.isPublic(InetAddress.getByName(address))).isTrue();
  }

  @ParameterizedTest
  @CsvSource({
    // url, the rule broken ('-' = fetched), the host shown
    "http://127.0.0.1:8080/site, -, -",
    "http://127.0.0.1:9999/feeds/a, -, -", // a source's host, any port
    "http://feeds.allowed.example/a, -, -", // FEED_HOSTS_ALLOWED, whatever it resolves to
    "https://public.example/feed, -, -",
    "http://127.0.0.2:8080/feed, non-public-address, 127.0.0.2",
    "http://[::1]:8080/feed, non-public-address, ::1",
    "http://169.254.169.254/latest/meta-data/, non-public-address, 169.254.169.254",
    "http://internal.example/feed, non-public-address, internal.example",
    "http://mixed.example/feed, non-public-address, mixed.example", // one public and one private address
    "file:///etc/passwd, not-http, ''",
    "ftp://public.example/feed, not-http, public.example",
    "gopher://127.0.0.1:6379/_x, not-http, 127.0.0.1",
    "http://user:pw@public.example/feed, malformed-url, public.example",
  })
  void judgesAUrlByItsSchemeAndWhatItsHostResolvesTo(String url, String rule, String host) throws Exception {
    FetchPolicy policy =
        new FetchPolicy(
            List.of(SOURCE),
            List.of("Feeds.Allowed.Example"),
            table(
                Map.of(
                    "feeds.allowed.example", List.of("10.0.0.9"),
                    "public.example", List.of("93.184.216.34"),
                    "internal.example", List.of("10.0.0.7"),
                    "mixed.example", List.of("93.184.216.34", "192.168.0.7"))));

    Optional<Refusal> refusal = policy.check(URI.create(url), false);

    if (rule.equals("-")) {
      assertThat(refusal).isEmpty();
    } else {
      assertThat(refusal).contains(new Refusal(host, rule(rule)));
    }
  }

  @Test
  void judgesANameAgainAtEachRequestSoARebindingNameIsRefused() throws Exception {
    Deque<String> answers = new ArrayDeque<>(List.of("93.184.216.34", "127.0.0.1"));
    FetchPolicy policy =
        new FetchPolicy(
            List.of(SOURCE), List.of(), host -> new InetAddress[] {InetAddress.getByName(answers.pop())});
    URI url = URI.create("http://rebinding.example/feed");

    assertThat(policy.check(url, false)).isEmpty();
    assertThat(policy.check(url, true)).contains(new Refusal("rebinding.example", Rule.NON_PUBLIC_ADDRESS));
  }

  @Test
  void aRedirectIsNeverTrustedAsSuchButASourcesHostStaysAllowed() throws Exception {
    FetchPolicy policy = new FetchPolicy(List.of("http://10.0.0.1/feed"), List.of(), table(Map.of()));
    assertThat(policy.check(URI.create("http://10.0.0.1/feed"), false)).isEmpty();
    assertThat(policy.check(URI.create("http://10.0.0.1/other"), true)).isEmpty();
    assertThat(policy.check(URI.create("http://10.0.0.2/feed"), true))
        .contains(new Refusal("10.0.0.2", Rule.NON_PUBLIC_ADDRESS));
    assertThat(policy.check(URI.create("file:///etc/passwd"), true)).contains(new Refusal("", Rule.NOT_HTTP));
  }

  @Test
  void anUnresolvableNameIsANetworkFailureNotARefusal() {
    FetchPolicy policy = new FetchPolicy(List.of(SOURCE), List.of(), table(Map.of()));
    assertThatThrownBy(() -> policy.check(URI.create("http://nowhere.example/feed"), false))
        .isInstanceOf(UnknownHostException.class);
  }

  @Test
  void discoveryRefusesLiteralNonPublicAddressesWithoutResolvingNames() {
    FetchPolicy policy = FetchPolicy.trusting(List.of(SOURCE), List.of());
    assertThat(policy.checkWithoutResolving("http://127.0.0.2:9000/feeds/x"))
        .contains(new Refusal("127.0.0.2", Rule.NON_PUBLIC_ADDRESS));
    assertThat(policy.checkWithoutResolving("http://[fe80::1]/x"))
        .contains(new Refusal("fe80::1", Rule.NON_PUBLIC_ADDRESS));
    assertThat(policy.checkWithoutResolving("file:///etc/passwd")).contains(new Refusal("", Rule.NOT_HTTP));
    assertThat(policy.checkWithoutResolving("http://127.0.0.1:9000/feeds/x")).isEmpty();
    assertThat(policy.checkWithoutResolving("https://feeds.example/x")).isEmpty(); // judged when fetched
  }

  @ParameterizedTest
  @CsvSource({
    "https://feeds.example/sessions?afterId=2, -, -",
    "https://FEEDS.example:443/other/path, -, -",
    "http://feeds.example/sessions?afterId=2, other-origin, feeds.example",
    "https://feeds.example:8443/sessions, other-origin, feeds.example",
    "https://evil.example/sessions, other-origin, evil.example",
    "http://127.0.0.2:8080/sessions, other-origin, 127.0.0.2",
    "file:///etc/passwd, not-http, ''",
    "https://feeds.example/a b, malformed-url, ''",
  })
  void keepsNextOnTheFeedsOrigin(String next, String rule, String host) {
    Optional<Refusal> refusal = FetchPolicy.checkNext("https://feeds.example/sessions", next);
    if (rule.equals("-")) {
      assertThat(refusal).isEmpty();
    } else {
      assertThat(refusal).contains(new Refusal(host, rule(rule)));
    }
  }

  @Test
  void describesARefusalByHostAndRuleOnly() {
    assertThat(new Refusal("127.0.0.2", Rule.OTHER_ORIGIN).describe())
        .isEqualTo("refused other-origin: host 127.0.0.2");
    assertThat(new Refusal("", Rule.NOT_HTTP).describe()).isEqualTo("refused not-http: host (none)");
  }
}
