package dev.activityfhir.server.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;

/**
 * One file of the web page, held in memory with its gzip form (compressed once, at start-up) and a strong ETag.
 *
 * @param body the bytes as stored
 * @param gzipped the same bytes gzip-compressed; sent only when smaller
 * @param contentType the {@code Content-Type} header value
 * @param etag a quoted strong entity tag derived from the bytes
 */
public record WebAsset(byte[] body, byte[] gzipped, String contentType, String etag) {

  /** An asset for these bytes, compressed and tagged. */
  public static WebAsset of(byte[] body, String contentType) {
    return new WebAsset(body, gzip(body), contentType, "\"" + sha256(body).substring(0, 24) + "\"");
  }

  /** Whether sending {@link #gzipped()} saves bytes (images already compressed do not gain). */
  public boolean compresses() {
    return gzipped.length < body.length;
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  private static byte[] gzip(byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 3 + 64);
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
