package dev.activityfhir.server.fhir.index;

import static dev.activityfhir.server.fhir.index.JsonElements.plain;
import static dev.activityfhir.server.fhir.index.JsonElements.writePrimitive;
import static dev.activityfhir.server.fhir.index.NotWritten.require;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Meta;
import org.hl7.fhir.r4.model.Money;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Slot;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;
import org.hl7.fhir.r4.model.UriType;
import org.hl7.fhir.r4.model.UrlType;
import org.jspecify.annotations.Nullable;

/**
 * Writes the compact JSON of the Slots the mapper makes, byte for byte as HAPI's JSON parser writes them, several
 * times faster: a harvest encodes hundreds of thousands of Slots, and HAPI's generic encoder took about a third
 * of its Java CPU (JFR). Only the elements such Slots carry are written, in the order of the FHIR definition; for a
 * Slot with anything else (narrative, contained resources, modifier extensions, element ids, extensions on
 * primitives, meta tags, other value types...) {@link #write} answers null and the caller encodes with HAPI.
 * {@code SlotJsonTest} holds the two encoders to the same output.
 */
final class SlotJson {

  private static final JsonFactory JSON = new JsonFactory();

  private SlotJson() {}

  /** The Slot's JSON, or null when it carries something this writer does not write. */
  static @Nullable String write(Slot slot) {
    if (!onlyWrittenElements(slot)) {
      return null;
    }
    // Text, like HAPI's encoder (Jackson writes characters to a Writer): the same escaping, and the caller
    // turns it into UTF-8 bytes the same way.
    StringWriter text = new StringWriter(1024);
    try (JsonGenerator out = JSON.createGenerator(text)) {
      out.writeStartObject();
      out.writeStringField("resourceType", "Slot");
      if (slot.getIdElement().hasIdPart()) {
        out.writeStringField("id", slot.getIdElement().getIdPart());
      }
      if (slot.hasMeta()) {
        writeMeta(out, slot.getMeta());
      }
      writeExtensions(out, slot.getExtension());
      if (!slot.getIdentifier().isEmpty()) {
        out.writeArrayFieldStart("identifier");
        for (Identifier identifier : slot.getIdentifier()) {
          require(
              plain(identifier)
                  && !identifier.isEmpty()
                  && !identifier.hasUse()
                  && !identifier.hasType()
                  && !identifier.hasPeriod()
                  && !identifier.hasAssigner());
          out.writeStartObject();
          writePrimitive(out, "system", identifier.getSystemElement());
          writePrimitive(out, "value", identifier.getValueElement());
          out.writeEndObject();
        }
        out.writeEndArray();
      }
      writeConcepts(out, "serviceCategory", slot.getServiceCategory());
      writeConcepts(out, "serviceType", slot.getServiceType());
      if (slot.hasSchedule()) {
        Reference schedule = slot.getSchedule();
        require(
            plain(schedule)
                && !schedule.hasType()
                && !schedule.hasIdentifier()
                && schedule.getResource() == null);
        out.writeObjectFieldStart("schedule");
        writePrimitive(out, "reference", schedule.getReferenceElement_());
        writePrimitive(out, "display", schedule.getDisplayElement());
        out.writeEndObject();
      }
      writePrimitive(out, "status", slot.getStatusElement());
      writePrimitive(out, "start", slot.getStartElement());
      writePrimitive(out, "end", slot.getEndElement());
      writePrimitive(out, "comment", slot.getCommentElement());
      out.writeEndObject();
    } catch (NotWritten e) {
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException(e); // not thrown: the target is memory
    }
    return text.toString();
  }

  /** Whether the Slot has none of the elements this writer never writes. */
  private static boolean onlyWrittenElements(Slot slot) {
    return !slot.hasImplicitRules()
        && !slot.hasLanguage()
        && !slot.hasText()
        && !slot.hasContained()
        && !slot.hasModifierExtension()
        && !slot.hasSpecialty()
        && !slot.hasAppointmentType()
        && !slot.hasOverbooked()
        && plain(slot.getIdElement());
  }

  /** Without an element id or extensions (HAPI would write them, or a {@code _name} object for a primitive). */

  /** The JSON name of an extension value of a type this writer handles (exact classes only), else null. */
  private static @Nullable String valueName(Type value) {
    Class<?> type = value.getClass();
    if (type == IntegerType.class) {
      return "valueInteger";
    } else if (type == StringType.class) {
      return "valueString";
    } else if (type == UriType.class) {
      return "valueUri";
    } else if (type == UrlType.class) {
      return "valueUrl";
    } else if (type == CodeType.class) {
      return "valueCode";
    } else if (type == BooleanType.class) {
      return "valueBoolean";
    } else if (type == DateTimeType.class) {
      return "valueDateTime";
    } else if (type == Money.class) {
      return "valueMoney";
    }
    return null;
  }

  private static void writeMeta(JsonGenerator out, Meta meta) throws IOException {
    require(plain(meta) && !meta.hasProfile() && !meta.hasSecurity() && !meta.hasTag());
    out.writeObjectFieldStart("meta");
    writePrimitive(out, "versionId", meta.getVersionIdElement());
    writePrimitive(out, "lastUpdated", meta.getLastUpdatedElement());
    writePrimitive(out, "source", meta.getSourceElement());
    out.writeEndObject();
  }

  private static void writeExtensions(JsonGenerator out, List<Extension> extensions) throws IOException {
    if (extensions.isEmpty()) {
      return;
    }
    out.writeArrayFieldStart("extension");
    for (Extension extension : extensions) {
      Type value = extension.getValue();
      // A value or nested extensions, never both; HAPI would also write an empty value differently.
      require(
          extension.hasUrl()
              && !extension.hasId()
              && (value == null
                  ? extension.hasExtension()
                  : !extension.hasExtension()
                      && valueName(value) != null
                      && plain(value)
                      && !value.isEmpty()));
      out.writeStartObject();
      writePrimitive(out, "url", extension.getUrlElement());
      if (value == null) {
        writeExtensions(out, extension.getExtension());
      } else if (value instanceof IntegerType integer) {
        out.writeNumberField("valueInteger", integer.getValue());
      } else if (value instanceof BooleanType bool) {
        out.writeBooleanField("valueBoolean", bool.getValue());
      } else if (value instanceof Money money) {
        writeMoney(out, money);
      } else {
        out.writeStringField(valueName(value), value.primitiveValue());
      }
      out.writeEndObject();
    }
    out.writeEndArray();
  }

  /** An offer's price: the amount as the publisher wrote it ({@code 11.00} stays {@code 11.00}, as HAPI keeps it). */
  private static void writeMoney(JsonGenerator out, Money money) throws IOException {
    DecimalType amount = money.getValueElement();
    require(plain(amount));
    out.writeObjectFieldStart("valueMoney");
    if (!amount.isEmpty()) {
      out.writeFieldName("value");
      out.writeNumber(amount.getValueAsString());
    }
    writePrimitive(out, "currency", money.getCurrencyElement());
    out.writeEndObject();
  }

  private static void writeConcepts(JsonGenerator out, String name, List<CodeableConcept> concepts)
      throws IOException {
    if (concepts.isEmpty()) {
      return;
    }
    out.writeArrayFieldStart(name);
    for (CodeableConcept concept : concepts) {
      require(plain(concept) && !concept.isEmpty());
      out.writeStartObject();
      if (concept.hasCoding()) {
        out.writeArrayFieldStart("coding");
        for (Coding coding : concept.getCoding()) {
          require(plain(coding) && !coding.isEmpty() && !coding.hasVersion() && !coding.hasUserSelected());
          out.writeStartObject();
          writePrimitive(out, "system", coding.getSystemElement());
          writePrimitive(out, "code", coding.getCodeElement());
          writePrimitive(out, "display", coding.getDisplayElement());
          out.writeEndObject();
        }
        out.writeEndArray();
      }
      writePrimitive(out, "text", concept.getTextElement());
      out.writeEndObject();
    }
    out.writeEndArray();
  }
}
