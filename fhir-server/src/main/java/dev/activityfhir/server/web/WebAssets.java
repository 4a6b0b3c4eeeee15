package dev.activityfhir.server.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The web page's files, read once from a classpath folder (a directory in development, a jar folder in the
 * shaded jar) into memory. Together they are a few hundred kilobytes, so holding them compressed and tagged costs
 * less than reading them per request. {@link #version()} names this exact set of files, so URLs under it can be
 * cached for good.
 */
public final class WebAssets {

  private static final Map<String, String> CONTENT_TYPES =
      Map.ofEntries(
          Map.entry("html", "text/html; charset=utf-8"),
          Map.entry("js", "text/javascript; charset=utf-8"),
          Map.entry("mjs", "text/javascript; charset=utf-8"),
          Map.entry("css", "text/css; charset=utf-8"),
          Map.entry("json", "application/json"),
          Map.entry("svg", "image/svg+xml"),
          Map.entry("png", "image/png"),
          Map.entry("ico", "image/x-icon"),
          Map.entry("txt", "text/plain; charset=utf-8"));

  private final Map<String, WebAsset> byPath;
  private final String version;

  private WebAssets(Map<String, WebAsset> byPath, String version) {
    this.byPath = Map.copyOf(byPath);
    this.version = version;
  }

  /** Reads every file under the classpath folder {@code root} (e.g. {@code web}); fails if it is missing. */
  public static WebAssets fromClasspath(String root) {
    URL url = WebAssets.class.getClassLoader().getResource(root);
    if (url == null) {
      throw new IllegalStateException("The web page's files are not on the classpath under " + root + "/");
    }
    try {
      URI uri = url.toURI();
      if (!"jar".equals(uri.getScheme())) {
        return fromDirectory(Path.of(uri));
      }
      try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
        return fromDirectory(jar.provider().getPath(uri));
      } catch (FileSystemAlreadyExistsException e) {
        // Another part of the process holds the jar open: read through it and leave it open.
        return fromDirectory(FileSystems.getFileSystem(uri).provider().getPath(uri));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the web page's files from " + url, e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException("Unusable classpath URL " + url, e);
    }
  }

  /** Reads every regular file under {@code root}, keyed by its path relative to it with {@code /} separators. */
  static WebAssets fromDirectory(Path root) throws IOException {
    Map<String, WebAsset> assets = new HashMap<>();
    Map<String, byte[]> sorted = new TreeMap<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        String relative = root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
        byte[] bytes = Files.readAllBytes(file);
        sorted.put(relative, bytes);
        assets.put(relative, WebAsset.of(bytes, contentType(relative)));
      }
    }
    return new WebAssets(assets, versionOf(sorted));
  }

  /** The file at {@code path} (relative, {@code /}-separated), if there is one. */
  public Optional<WebAsset> get(String path) {
    return Optional.ofNullable(byPath.get(path));
  }

  /** A short hash of every file's path and bytes: changes whenever any file does. */
  public String version() {
    return version;
  }

  static String contentType(String path) {
    int dot = path.lastIndexOf('.');
    String extension = dot < 0 ? "" : path.substring(dot + 1).toLowerCase(Locale.ROOT);
    return CONTENT_TYPES.getOrDefault(extension, "application/octet-stream");
  }

  private static String versionOf(Map<String, byte[]> sorted) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      sorted.forEach(
          (path, bytes) -> {
            digest.update(path.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(bytes);
          });
      return HexFormat.of().formatHex(digest.digest()).substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
