package dev.activityfhir.server.auth;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import dev.activityfhir.server.config.ConfigException;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.concurrent.TimeUnit;

/** Where trusted public keys come from: a JSON Web Key Set at a URL (cached) or in a file. */
public final class KeySources {

  private KeySources() {}

  /**
   * The key set at {@code url}, fetched on first use, cached for 15 minutes and fetched again early when a token
   * names a key id it does not hold (a key rotation), at most every 30 s.
   */
  public static JWKSource<SecurityContext> remote(URI url) {
    try {
      return JWKSourceBuilder.<SecurityContext>create(url.toURL())
          .cache(TimeUnit.MINUTES.toMillis(15), TimeUnit.SECONDS.toMillis(15))
          .build();
    } catch (MalformedURLException | IllegalArgumentException e) {
      throw new ConfigException("Not a key set URL: " + url);
    }
  }

  /** The public keys of the key set in {@code file}, read once. */
  public static JWKSource<SecurityContext> file(Path file) {
    try {
      return new ImmutableJWKSet<>(JWKSet.load(file.toFile()).toPublicJWKSet());
    } catch (IOException e) {
      throw new ConfigException("Cannot read the key set file " + file);
    } catch (ParseException e) {
      throw new ConfigException("Not a JSON Web Key Set: " + file);
    }
  }
}
