package dev.activityfhir.server.fhir;

import ca.uhn.fhir.parser.IParser;
import java.util.List;
import java.util.function.Function;
import org.hl7.fhir.r4.model.Basic;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.Resource;
import org.jspecify.annotations.Nullable;

/**
 * Writes a Bundle's JSON with the entries' resources taken from JSON written before instead of encoded again. The
 * parser encodes the Bundle with a small placeholder in place of each such resource, and each placeholder is then
 * replaced by its resource's JSON: the Bundle's own elements stay HAPI's, and the resources, nearly all the work
 * of encoding a search page, cost a copy.
 */
final class BundleSplicer {

  private static final String PLACEHOLDER_ID = "spliced-entry-";

  private BundleSplicer() {}

  /**
   * The Bundle as {@code parser} writes it, the resources for which {@code writtenJson} has text written as that
   * text. The Bundle is left as it was.
   *
   * @param writtenJson the JSON the parser writes for a resource (a resource in a Bundle is written as on its own),
   *     or null to have the parser encode the resource itself
   * @return null if the parser's output did not hold the placeholders where expected: encode the Bundle instead
   */
  static @Nullable String write(
      Bundle bundle, IParser parser, Function<Resource, @Nullable String> writtenJson) {
    List<BundleEntryComponent> entries = bundle.getEntry();
    Resource[] replaced = new Resource[entries.size()];
    String[] texts = new String[entries.size()];
    int textLength = 0;
    try {
      for (int i = 0; i < entries.size(); i++) {
        Resource resource = entries.get(i).getResource();
        String text = resource == null ? null : writtenJson.apply(resource);
        if (text != null) {
          replaced[i] = resource;
          texts[i] = text;
          textLength += text.length();
          Basic placeholder = new Basic();
          placeholder.setId(PLACEHOLDER_ID + i);
          entries.get(i).setResource(placeholder);
        }
      }
      String shell = parser.encodeResourceToString(bundle);
      StringBuilder out = new StringBuilder(shell.length() + textLength);
      int from = 0;
      for (int i = 0; i < texts.length; i++) {
        if (texts[i] == null) {
          continue;
        }
        String placeholder = "{\"resourceType\":\"Basic\",\"id\":\"" + PLACEHOLDER_ID + i + "\"}";
        int at = shell.indexOf(placeholder, from);
        if (at < 0) {
          return null;
        }
        out.append(shell, from, at).append(texts[i]);
        from = at + placeholder.length();
      }
      return out.append(shell, from, shell.length()).toString();
    } finally {
      for (int i = 0; i < replaced.length; i++) {
        if (replaced[i] != null) {
          entries.get(i).setResource(replaced[i]);
        }
      }
    }
  }
}
