package dev.activityfhir.server.harvest;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Which URLs the harvester may fetch: the one place that decides, for dataset-site discovery, RPDE paging and
 * every redirect hop.
 *
 * <p>A URL configured as a source ({@code OPENACTIVE_FEEDS}) is trusted as it is. Any other URL, learnt at run time
 * (a dataset site's {@code contentUrl}, an RPDE {@code next}, a stored checkpoint, a redirect target), must be
 * {@code http} or {@code https}, and its host must be one named in configuration (a source's host or {@code
 * FEED_HOSTS_ALLOWED}) or resolve only to public addresses (see {@link PublicAddresses}). The check runs just
 * before each request and again before each redirect hop, so a name that changes its answer between two
 * requests is judged again; the HTTP client then resolves the same name from the JVM's address cache (30 s by
 * default), so it connects to the address just checked. An RPDE {@code next} (and so a checkpoint) must also stay
 * on its feed's origin.
 */
public final class FetchPolicy {

  /** Why a URL was refused; the label is what {@code /health} shows. */
  public enum Rule {
    /** Not a URL, or one without a host. */
    MALFORMED_URL("malformed-url"),
    /** A scheme other than {@code http} or {@code https} ({@code file:}, {@code ftp:}...). */
    NOT_HTTP("not-http"),
    /** An RPDE {@code next} or checkpoint on another scheme, host or port than its feed. */
    OTHER_ORIGIN("other-origin"),
    /** A host not named in configuration whose name resolves to a non-public address. */
    NON_PUBLIC_ADDRESS("non-public-address"),
    /** A chain of redirects longer than the client follows. */
    TOO_MANY_REDIRECTS("too-many-redirects");

    private final String label;

    Rule(String label) {
      this.label = label;
    }

    /** The name shown in {@code /health}. */
    public String label() {
      return label;
    }
  }

  /**
   * A refused URL, by its host only (the rest of a URL learnt from a remote body is not repeated).
   *
   * @param host the URL's host, lower case; empty when it has none
   * @param rule the rule it broke
   */
  public record Refusal(String host, Rule rule) {
    /** E.g. {@code refused non-public-address: host 10.0.0.7}. */
    public String describe() {
      return "refused " + rule.label() + ": host " + (host.isEmpty() ? "(none)" : host);
    }
  }

  /** Resolves a host name to all its addresses; {@link InetAddress#getAllByName} outside tests. */
  @FunctionalInterface
  public interface Resolver {
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  private final Set<String> trustedUrls;
  private final Set<String> allowedHosts;
  private final Resolver resolver;

  /**
   * A policy.
   *
   * @param trustedUrls URLs fetched as they are (the configured sources); their hosts are allowed hosts
   * @param allowedHosts further hosts fetched whatever they resolve to ({@code FEED_HOSTS_ALLOWED})
   */
  public FetchPolicy(Collection<String> trustedUrls, Collection<String> allowedHosts, Resolver resolver) {
    this.trustedUrls = Set.copyOf(trustedUrls);
    Set<String> hosts = new HashSet<>();
    allowedHosts.forEach(host -> hosts.add(normalHost(host)));
    for (String url : trustedUrls) {
      String host = host(url);
      if (host != null) {
        hosts.add(host);
      }
    }
    this.allowedHosts = Set.copyOf(hosts);
    this.resolver = resolver;
  }

  /** A policy trusting {@code sources} and {@code allowedHosts}, resolving with the system resolver. */
  public static FetchPolicy trusting(Collection<String> sources, Collection<String> allowedHosts) {
    return new FetchPolicy(sources, allowedHosts, InetAddress::getAllByName);
  }

  /**
   * Judges a URL about to be fetched. A trusted URL passes; any other is checked for its scheme and its host,
   * resolving the host when it is not an allowed one.
   *
   * @param redirected true for a redirect target, which is never trusted as such, even when it names a source
   * @return the refusal, or empty when the URL may be fetched
   * @throws UnknownHostException when the host does not resolve (a network failure, not a refusal)
   */
  public Optional<Refusal> check(URI url, boolean redirected) throws UnknownHostException {
    if (!redirected && trustedUrls.contains(url.toString())) {
      return Optional.empty();
    }
    Optional<Refusal> shape = checkShape(url);
    if (shape.isPresent()) {
      return shape;
    }
    String host = normalHost(url.getHost());
    if (allowedHosts.contains(host)) {
      return Optional.empty();
    }
    InetAddress[] addresses =
        isLiteralAddress(host) ? new InetAddress[] {InetAddress.getByName(host)} : resolver.resolve(host);
    for (InetAddress address : addresses) {
      if (!PublicAddresses.isPublic(address)) {
        return Optional.of(new Refusal(host, Rule.NON_PUBLIC_ADDRESS));
      }
    }
    return Optional.empty();
  }

  /**
   * Judges a URL without resolving its host: refused only when it is malformed, not http(s), or a literal
   * non-public address on a host not allowed. Used where a name that does not resolve now must not be dropped
   * (discovery: the feed's own fetches are judged fully).
   */
  public Optional<Refusal> checkWithoutResolving(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return Optional.of(new Refusal("", Rule.MALFORMED_URL));
    }
    if (trustedUrls.contains(url)) {
      return Optional.empty();
    }
    Optional<Refusal> shape = checkShape(uri);
    if (shape.isPresent()) {
      return shape;
    }
    String host = normalHost(uri.getHost());
    if (allowedHosts.contains(host) || !isLiteralAddress(host)) {
      return Optional.empty();
    }
    try {
      return PublicAddresses.isPublic(InetAddress.getByName(host))
          ? Optional.empty()
          : Optional.of(new Refusal(host, Rule.NON_PUBLIC_ADDRESS));
    } catch (UnknownHostException e) {
      return Optional.empty(); // not reached for a literal address
    }
  }

  /**
   * Judges an RPDE {@code next} URL (or a stored checkpoint) of the feed at {@code feedUrl}: it must parse, be
   * http(s), and stay on the feed's origin (scheme, host and port). Where it may be fetched from is judged by
   * {@link #check} when it is fetched.
   */
  public static Optional<Refusal> checkNext(String feedUrl, String nextUrl) {
    URI next;
    try {
      next = new URI(nextUrl);
    } catch (URISyntaxException e) {
      return Optional.of(new Refusal("", Rule.MALFORMED_URL));
    }
    Optional<Refusal> shape = checkShape(next);
    if (shape.isPresent()) {
      return shape;
    }
    URI feed = URI.create(feedUrl);
    boolean sameOrigin =
        scheme(feed).equals(scheme(next))
            && normalHost(feed.getHost()).equals(normalHost(next.getHost()))
            && port(feed) == port(next);
    return sameOrigin
        ? Optional.empty()
        : Optional.of(new Refusal(normalHost(next.getHost()), Rule.OTHER_ORIGIN));
  }

  private static Optional<Refusal> checkShape(URI url) {
    String host = url.getHost() == null ? "" : normalHost(url.getHost());
    String scheme = scheme(url);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return Optional.of(new Refusal(host, Rule.NOT_HTTP));
    }
    if (host.isEmpty() || url.getRawUserInfo() != null) {
      return Optional.of(new Refusal(host, Rule.MALFORMED_URL));
    }
    return Optional.empty();
  }

  private static String scheme(URI url) {
    return url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
  }

  private static int port(URI url) {
    if (url.getPort() != -1) {
      return url.getPort();
    }
    return scheme(url).equals("https") ? 443 : 80;
  }

  private static @Nullable String host(String url) {
    try {
      String host = new URI(url).getHost();
      return host == null ? null : normalHost(host);
    } catch (URISyntaxException e) {
      return null;
    }
  }

  private static String normalHost(String host) {
    String lower = host.trim().toLowerCase(Locale.ROOT);
    if (lower.startsWith("[") && lower.endsWith("]")) {
      lower = lower.substring(1, lower.length() - 1);
    }
    return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
  }

  /** An IPv4 dotted quad or an IPv6 literal: parsed by {@code InetAddress} without a DNS query. */
  private static boolean isLiteralAddress(String host) {
    return host.contains(":") || host.matches("[0-9.]+");
  }
}
