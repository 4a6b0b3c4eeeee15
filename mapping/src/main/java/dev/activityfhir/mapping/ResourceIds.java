package dev.activityfhir.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Stable FHIR ids derived from OpenActive keys: 32 lower-case hex characters of the SHA-256 of the
 * key, so they are valid FHIR ids ({@code [A-Za-z0-9-.]{1,64}}), identical across restarts and
 * re-harvests, and independent of the RPDE item id. A HealthcareService and its Schedule share the
 * same id (one Schedule per service).
 */
public final class ResourceIds {

  private static final int HEX_CHARS = 32;

  private ResourceIds() {}

  /** The key of an item: its {@code @id}, else {@code feedUrl + "#" + rpdeId}. */
  public static String itemKey(OpenActiveItem item) {
    String atId = JsonLd.id(Wrappers.unwrap(item.data()));
    return atId != null ? atId : item.feedUrl() + "#" + item.rpdeId();
  }

  /** The HealthcareService id of a parent keyed by {@code parentAtId}. */
  public static String healthcareService(String parentAtId) {
    return hash("HealthcareService " + parentAtId);
  }

  /** The Schedule id of a parent keyed by {@code parentAtId} (equal to its service's id). */
  public static String schedule(String parentAtId) {
    return healthcareService(parentAtId);
  }

  /** The Slot id of a child keyed by its {@code @id}. */
  public static String slot(String childAtId) {
    return hash("Slot " + childAtId);
  }

  /**
   * The Location id of a Place: from its {@code @id}; else from name, postcode (or address text)
   * and coordinates (0,0 ignored); empty when the Place has no name, address or coordinates, as a
   * bare reference gives nothing to show.
   */
  public static Optional<String> location(JsonNode published) {
    if (!published.isObject()) {
      return Optional.empty();
    }
    JsonNode place = Places.withContainer(published);
    String name = normalised(JsonLd.text(place, "name"));
    JsonNode address = JsonLd.get(place, "address");
    String postcode =
        address != null && address.isTextual()
            ? normalised(address.asText())
            : normalised(JsonLd.text(address, "postalCode"));
    String geo = GeoPoint.of(place).map(GeoPoint::key).orElse("");
    if (name.isEmpty() && postcode.isEmpty() && geo.isEmpty() && address == null) {
      // A bare reference (e.g. imin's "#/imin:locationSummary/...") says nothing about the place.
      return Optional.empty();
    }
    String atId = JsonLd.id(place);
    return Optional.of(
        hash(atId != null ? "Location " + atId : "Location " + name + "|" + postcode + "|" + geo));
  }

  /**
   * The Organization id of an organizer/provider: from its {@code @id}, else name and url; empty
   * when it has neither.
   */
  public static Optional<String> organization(JsonNode organization) {
    String atId = JsonLd.id(organization);
    if (atId != null && !organization.isTextual()) {
      return Optional.of(hash("Organization " + atId));
    }
    String name = normalised(JsonLd.text(organization, "name"));
    String url = normalised(JsonLd.text(organization, "url"));
    if (name.isEmpty() && url.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(hash("Organization " + name + "|" + url));
  }

  private static String normalised(@Nullable String value) {
    return value == null ? "" : value.trim().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
  }

  static String hash(String key) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, HEX_CHARS);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM provides SHA-256", e);
    }
  }
}
