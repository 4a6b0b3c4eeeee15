package dev.activityfhir.server.fhir.index;

import static dev.activityfhir.server.fhir.index.NotWritten.require;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import org.hl7.fhir.r4.model.Element;
import org.hl7.fhir.r4.model.PrimitiveType;

/** What the hand-written JSON writers ({@link SlotJson}, {@code BundleJson}) share to write elements as HAPI does. */
public final class JsonElements {

  private JsonElements() {}

  /** Whether an element carries neither an element id nor extensions (which HAPI writes, and the writers do not). */
  public static boolean plain(Element element) {
    return !element.hasId() && !element.hasExtension();
  }

  /** A string-valued primitive, unless empty as HAPI sees it (no value, or only whitespace). */
  public static void writePrimitive(JsonGenerator out, String name, PrimitiveType<?> value) throws IOException {
    require(plain(value));
    if (!value.isEmpty()) {
      out.writeStringField(name, value.getValueAsString());
    }
  }
}
