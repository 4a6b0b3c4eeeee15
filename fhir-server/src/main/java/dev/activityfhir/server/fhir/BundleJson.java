package dev.activityfhir.server.fhir;

import static dev.activityfhir.server.fhir.index.JsonElements.plain;
import static dev.activityfhir.server.fhir.index.JsonElements.writePrimitive;
import static dev.activityfhir.server.fhir.index.NotWritten.require;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.activityfhir.server.collect.ByteBuilder;
import dev.activityfhir.server.fhir.index.NotWritten;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.Bundle.BundleEntrySearchComponent;
import org.hl7.fhir.r4.model.Bundle.BundleLinkComponent;
import org.hl7.fhir.r4.model.Distance;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Meta;
import org.hl7.fhir.r4.model.Resource;
import org.jspecify.annotations.Nullable;

/**
 * Writes the compact JSON of a search page, byte for byte as HAPI's JSON parser writes it, with each resource
 * taken as JSON written before: HAPI's generic encoder spent half the CPU of an uncached search page on the
 * Bundle around the resources alone (JFR). Only what the server's search pages carry is written (id, {@code
 * meta.lastUpdated}, type, total, links; entries with full URL, resource and search mode, score and {@code
 * location-distance}); for a Bundle with anything else {@link #write} answers null and the caller leaves the page
 * to HAPI. {@code SearchPageIT} holds the output to HAPI's.
 */
final class BundleJson {

  private static final JsonFactory JSON = new JsonFactory();

  private BundleJson() {}

  /**
   * The Bundle's JSON, or null when it carries something this writer does not write.
   *
   * @param resourceJson appends each entry resource's JSON as HAPI writes it, e.g. stored JSON or the parser's
   *     encoding
   * @return the page as UTF-8
   */
  static byte @Nullable [] write(Bundle bundle, ResourceJson resourceJson) {
    ByteBuilder page = new ByteBuilder(1024 + 2048 * bundle.getEntry().size());
    try (JsonGenerator out = JSON.createGenerator(page)) {
      require(
          plain(bundle.getMeta())
              && !bundle.hasImplicitRules()
              && !bundle.hasLanguage()
              && !bundle.hasIdentifier()
              && !bundle.hasTimestamp()
              && !bundle.hasSignature());
      out.writeStartObject();
      out.writeStringField("resourceType", "Bundle");
      if (bundle.getIdElement().hasIdPart()) {
        out.writeStringField("id", bundle.getIdElement().getIdPart());
      }
      writeMeta(out, bundle.getMeta());
      writePrimitive(out, "type", bundle.getTypeElement());
      if (bundle.hasTotal()) {
        require(plain(bundle.getTotalElement()));
        out.writeNumberField("total", bundle.getTotal());
      }
      if (bundle.hasLink()) {
        out.writeArrayFieldStart("link");
        for (BundleLinkComponent link : bundle.getLink()) {
          require(plain(link) && !link.hasModifierExtension() && !link.isEmpty());
          out.writeStartObject();
          writePrimitive(out, "relation", link.getRelationElement());
          writePrimitive(out, "url", link.getUrlElement());
          out.writeEndObject();
        }
        out.writeEndArray();
      }
      if (bundle.hasEntry()) {
        out.writeArrayFieldStart("entry");
        for (BundleEntryComponent entry : bundle.getEntry()) {
          writeEntry(out, page, entry, resourceJson);
        }
        out.writeEndArray();
      }
      out.writeEndObject();
    } catch (NotWritten e) {
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return page.toByteArray();
  }

  private static void writeEntry(
      JsonGenerator out, ByteBuilder page, BundleEntryComponent entry, ResourceJson resourceJson)
      throws IOException {
    require(
        plain(entry)
            && !entry.hasModifierExtension()
            && !entry.hasLink()
            && !entry.hasRequest()
            && !entry.hasResponse());
    out.writeStartObject();
    writePrimitive(out, "fullUrl", entry.getFullUrlElement());
    if (entry.getResource() != null) {
      out.writeFieldName("resource");
      // An empty raw value makes the generator write the separator; the resource's bytes then go to the page
      // directly, after what the generator buffered.
      out.writeRawValue("");
      out.flush();
      resourceJson.appendTo(page, entry.getResource());
    }
    if (entry.hasSearch()) {
      BundleEntrySearchComponent search = entry.getSearch();
      require(!search.hasId() && !search.hasModifierExtension());
      out.writeObjectFieldStart("search");
      if (search.hasExtension()) {
        out.writeArrayFieldStart("extension");
        for (Extension extension : search.getExtension()) {
          writeDistanceExtension(out, extension);
        }
        out.writeEndArray();
      }
      writePrimitive(out, "mode", search.getModeElement());
      if (search.hasScore()) {
        require(plain(search.getScoreElement()));
        out.writeFieldName("score");
        out.writeNumber(search.getScoreElement().getValueAsString());
      }
      out.writeEndObject();
    }
    out.writeEndObject();
  }

  /** The {@code location-distance} extension {@link DistanceInterceptor} adds: a Distance of value and units. */
  private static void writeDistanceExtension(JsonGenerator out, Extension extension) throws IOException {
    require(
        plain(extension)
            && DistanceInterceptor.LOCATION_DISTANCE.equals(extension.getUrl())
            && extension.getValue() instanceof Distance
            && !extension.getValue().isEmpty());
    Distance distance = (Distance) extension.getValue();
    require(plain(distance) && !distance.hasComparator());
    out.writeStartObject();
    writePrimitive(out, "url", extension.getUrlElement());
    out.writeObjectFieldStart("valueDistance");
    if (distance.hasValue()) {
      require(plain(distance.getValueElement()));
      out.writeFieldName("value");
      out.writeNumber(distance.getValueElement().getValueAsString());
    }
    writePrimitive(out, "unit", distance.getUnitElement());
    writePrimitive(out, "system", distance.getSystemElement());
    writePrimitive(out, "code", distance.getCodeElement());
    out.writeEndObject();
    out.writeEndObject();
  }

  /** Appends a resource's JSON, as HAPI writes it, to a page (UTF-8). */
  @FunctionalInterface
  interface ResourceJson {
    void appendTo(ByteBuilder page, Resource resource) throws IOException;
  }

  private static void writeMeta(JsonGenerator out, Meta meta) throws IOException {
    if (meta.isEmpty()) {
      return;
    }
    require(
        !meta.hasVersionId() && !meta.hasSource() && !meta.hasProfile() && !meta.hasSecurity() && !meta.hasTag());
    out.writeObjectFieldStart("meta");
    writePrimitive(out, "lastUpdated", meta.getLastUpdatedElement());
    out.writeEndObject();
  }
}
