package dev.activityfhir.conformance.build;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.StructureDefinition;

/**
 * Writes a FHIR NPM package (https://hl7.org/fhir/packages.html): a gzipped tar with {@code
 * package/package.json}, {@code package/.index.json} and one {@code package/<type>-<id>.json} per
 * resource. Entries are written in a fixed order with a fixed time, so the same inputs give the same
 * bytes.
 */
final class PackageWriter {

  private final IParser parser;
  private final ObjectMapper json;

  PackageWriter(FhirContext context, ObjectMapper json) {
    this.parser = context.newJsonParser();
    this.json = json;
  }

  byte[] write(JsonNode manifest, List<MetadataResource> resources) throws IOException {
    ObjectNode index = json.createObjectNode();
    index.put("index-version", 1);
    ArrayNode files = index.putArray("files");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      add(tar, "package/package.json", json.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
      for (MetadataResource resource : resources) {
        String name = resource.fhirType() + "-" + resource.getIdPart() + ".json";
        add(tar, "package/" + name, parser.encodeResourceToString(resource).getBytes(StandardCharsets.UTF_8));
        ObjectNode entry = files.addObject();
        entry.put("filename", name);
        entry.put("resourceType", resource.fhirType());
        entry.put("id", resource.getIdPart());
        entry.put("url", resource.getUrl());
        entry.put("version", resource.getVersion());
        if (resource instanceof StructureDefinition sd) {
          entry.put("kind", sd.getKind().toCode());
          entry.put("type", sd.getType());
        } else if (resource instanceof CodeSystem cs) {
          entry.put("content", cs.getContent().toCode());
        }
      }
      add(tar, "package/.index.json", json.writerWithDefaultPrettyPrinter().writeValueAsBytes(index));
    }
    return bytes.toByteArray();
  }

  private static void add(TarArchiveOutputStream tar, String name, byte[] content)
      throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setSize(content.length);
    entry.setModTime(0);
    tar.putArchiveEntry(entry);
    tar.write(content);
    tar.closeArchiveEntry();
  }
}
