package dev.activityfhir.server.fhir.index;

import ca.uhn.fhir.context.FhirContext;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.hl7.fhir.r4.model.Resource;

/**
 * Turns resources into compact bytes and back: compact JSON, deflated with a preset dictionary of the URLs every
 * resource repeats, so that hundreds of thousands of slots fit in a small heap.
 */
public final class ResourceCodec {

  // Strings that occur in nearly every mapped resource; a preset dictionary lets deflate reuse them even in
  // documents far too small to contain them twice.
  private static final byte[] DICTIONARY =
      String.join(
              "",
              "{\"resourceType\":\"Slot\",\"id\":\"\",\"meta\":{\"lastUpdated\":\"\",\"source\":\"https://\"},",
              "\"extension\":[{\"url\":\"https://activityfhir.dev/fhir/StructureDefinition/openactive-attribution\",",
              "\"extension\":[{\"url\":\"license\",\"valueUri\":\"https://creativecommons.org/licenses/by/4.0/\"},",
              "{\"url\":\"publisher\",\"valueString\":\"\"},{\"url\":\"source\",\"valueUri\":\"\"},",
              "{\"url\":\"harvested\",\"valueDateTime\":\"\"}]},",
              "{\"url\":\"http://fhir-registry.smarthealthit.org/StructureDefinition/slot-capacity\",\"valueInteger\":",
              "{\"url\":\"https://activityfhir.dev/fhir/StructureDefinition/maximum-capacity\",\"valueInteger\":",
              "{\"url\":\"http://fhir-registry.smarthealthit.org/StructureDefinition/booking-deep-link\",\"valueUrl\":",
              "\"identifier\":[{\"system\":\"https://openactive.io/\",\"value\":\"https://\"}],",
              "\"serviceType\":[{\"coding\":[{\"system\":\"https://openactive.io/activity-list\",\"code\":\"\",",
              "\"display\":\"\"}]}],\"schedule\":{\"reference\":\"Schedule/\"},\"status\":\"free\",",
              "\"start\":\"2025-01-01T00:00:00.000+00:00\",\"end\":\"\"}")
          .getBytes(StandardCharsets.UTF_8);

  private final FhirContext fhirContext;

  /** A codec using the given (R4) context. */
  public ResourceCodec(FhirContext fhirContext) {
    this.fhirContext = fhirContext;
  }

  /** The compressed JSON of a resource. */
  public byte[] encode(Resource resource) {
    byte[] json =
        fhirContext.newJsonParser().encodeResourceToString(resource).getBytes(StandardCharsets.UTF_8);
    Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);
    try {
      deflater.setDictionary(DICTIONARY);
      deflater.setInput(json);
      deflater.finish();
      ByteArrayOutputStream out = new ByteArrayOutputStream(json.length / 3 + 16);
      byte[] buffer = new byte[Math.max(256, json.length)];
      while (!deflater.finished()) {
        int n = deflater.deflate(buffer);
        out.write(buffer, 0, n);
      }
      return out.toByteArray();
    } finally {
      deflater.end();
    }
  }

  /** The resource stored in bytes made by {@link #encode}. */
  public Resource decode(byte[] body) {
    return (Resource) fhirContext.newJsonParser().parseResource(json(body));
  }

  /** The JSON text stored in bytes made by {@link #encode}. */
  public String json(byte[] body) {
    Inflater inflater = new Inflater(true);
    try {
      inflater.setDictionary(DICTIONARY);
      inflater.setInput(body);
      ByteArrayOutputStream out = new ByteArrayOutputStream(body.length * 4);
      byte[] buffer = new byte[Math.max(512, body.length * 4)];
      while (!inflater.finished()) {
        int n = inflater.inflate(buffer);
        if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          break;
        }
        out.write(buffer, 0, n);
      }
      return out.toString(StandardCharsets.UTF_8);
    } catch (DataFormatException e) {
      throw new IllegalStateException("Corrupt indexed resource", e);
    } finally {
      inflater.end();
    }
  }
}
