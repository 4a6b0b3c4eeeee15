package dev.activityfhir.server.fhir.index;

import dev.activityfhir.conformance.ConformanceResources;
import dev.activityfhir.server.collect.ByteBuilder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.Resource;

/**
 * The FHIR package's profile of each directory type, named in {@code meta.profile} of every resource served.
 *
 * <p>It is added as a resource is served, never stored: the index holds hundreds of thousands of resources, and the
 * same url in each would cost memory and make every stored resource differ from what the mapping produced. The
 * profile is unversioned (the package's version is in its ImplementationGuide), so a new package release does not
 * change every resource's bytes and ETag.
 */
final class DirectoryProfiles {

  private static final byte[] SOURCE = utf8(",\"source\":");
  private static final byte[] PROFILE = utf8(",\"profile\"");

  private final Map<String, String> urls = new HashMap<>();
  private final Map<String, byte[]> json = new HashMap<>();

  /** The profiles of the bundled package, one for each type of {@link ResourceIndex#TYPES}. */
  static DirectoryProfiles bundled() {
    ConformanceResources conformance = ConformanceResources.bundled();
    DirectoryProfiles profiles = new DirectoryProfiles();
    for (String type : ResourceIndex.TYPES) {
      String url =
          conformance
              .profileOf(type)
              .orElseThrow(() -> new IllegalStateException("The FHIR package has no profile of " + type));
      profiles.urls.put(type, url);
      profiles.json.put(type, utf8(",\"profile\":[\"" + url + "\"]"));
    }
    return profiles;
  }

  /** The profile url of a directory type. */
  String url(String type) {
    return urls.get(type);
  }

  /** Sets the resource's {@code meta.profile} to its type's profile (replacing any other). */
  void stamp(Resource resource) {
    resource.getMeta().setProfile(List.of(new CanonicalType(urls.get(resource.fhirType()))));
  }

  /**
   * Puts {@code "profile":[url]} into the stored JSON of a resource where HAPI writes it (after {@code lastUpdated}
   * and {@code source}, before {@code security} and {@code tag}).
   *
   * @param out the JSON, in which {@code "lastUpdated":} starts at {@code lastUpdated}
   * @return false, changing nothing, when {@code meta} is not as the index writes it (then render and encode)
   */
  boolean splice(String type, ByteBuilder out, int lastUpdated) {
    byte[] bytes = out.array();
    int end = out.length();
    int at = lastUpdated + "\"lastUpdated\":".length();
    at = afterString(bytes, at, end);
    if (at < 0) {
      return false;
    }
    if (out.startsWith(SOURCE, at)) {
      at = afterString(bytes, at + SOURCE.length, end);
      if (at < 0) {
        return false;
      }
    }
    if (at >= end || (bytes[at] != ',' && bytes[at] != '}') || out.startsWith(PROFILE, at)) {
      return false;
    }
    out.insert(at, json.get(type));
    return true;
  }

  /** The position just after the JSON string that starts at {@code at}, or -1 when none starts there. */
  private static int afterString(byte[] bytes, int at, int end) {
    if (at >= end || bytes[at] != '"') {
      return -1;
    }
    for (int i = at + 1; i < end; i++) {
      if (bytes[i] == '\\') {
        i++;
      } else if (bytes[i] == '"') {
        return i + 1;
      }
    }
    return -1;
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
