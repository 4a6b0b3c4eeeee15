package dev.activityfhir.server.auth;

import dev.activityfhir.server.config.AppConfig;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The addresses tokens and SMART discovery name, from {@code PUBLIC_BASE_URL} (else {@code http://localhost:<port>},
 * with the port actually listened on) and the {@code AUTH_*} settings.
 */
public final class AuthUrls {

  private final AppConfig config;
  private final IntSupplier port;

  /**
   * @param port the port listened on (asked when a URL is needed: with {@code PORT=0} it is known only once
   *     listening)
   */
  public AuthUrls(AppConfig config, IntSupplier port) {
    this.config = config;
    this.port = port;
  }

  /** The FHIR base URL, e.g. {@code http://localhost:8080/fhir}. */
  public String fhirBase() {
    return config.publicBase(port.getAsInt()) + "/fhir";
  }

  /** The {@code aud} access tokens must carry. */
  public String audience() {
    return config.tokenAudience(port.getAsInt());
  }

  /** The {@code iss} of trusted access tokens: {@code AUTH_ISSUER}, else the built-in server's {@code <base>/auth}. */
  public String issuer() {
    String outside = config.auth().issuer();
    return outside != null ? outside : config.publicBase(port.getAsInt()) + "/auth";
  }

  /** Where clients get tokens: the built-in {@code <base>/auth/token}, or the outside server's. */
  public String tokenEndpoint() {
    URI outside = config.auth().outsideTokenEndpoint();
    return outside != null ? outside.toString() : config.publicBase(port.getAsInt()) + "/auth/token";
  }

  /** The trusted key set's URL: the built-in {@code <base>/auth/jwks.json}, {@code AUTH_JWKS_URL}, or none. */
  public @Nullable String jwksUri() {
    if (!config.auth().usesOutsideServer()) {
      return config.publicBase(port.getAsInt()) + "/auth/jwks.json";
    }
    URI url = config.auth().jwksUrl();
    return url == null ? null : url.toString();
  }

  /** The built-in server's authorization endpoint, {@code <base>/auth/authorize}. */
  public String authorizationEndpoint() {
    return config.publicBase(port.getAsInt()) + "/auth/authorize";
  }

  /**
   * The Activity Finder page's redirect URIs: its own address, {@code <base>/}. Without {@code PUBLIC_BASE_URL}
   * the base is {@code http://localhost:<port>}, and the page opened by loopback address ({@code 127.0.0.1},
   * {@code [::1]}) on the same port is the same page.
   */
  public List<String> finderRedirectUris() {
    int listening = port.getAsInt();
    List<String> uris = new ArrayList<>();
    uris.add(config.publicBase(listening) + "/");
    if (config.publicBaseUrl() == null) {
      uris.add("http://127.0.0.1:" + listening + "/");
      uris.add("http://[::1]:" + listening + "/");
    }
    return uris;
  }

  /**
   * The OpenID Connect provider the page signs people in with: {@code FINDER_OIDC_ISSUER}, else {@code
   * AUTH_ISSUER} with an outside server; null for the built-in server (which the page reaches at {@code /auth} on
   * its own address).
   */
  public @Nullable String finderIssuer() {
    URI configured = config.signIn().finderIssuer();
    if (configured != null) {
      return configured.toString();
    }
    return config.auth().usesOutsideServer() ? config.auth().issuer() : null;
  }
}
