package dev.activityfhir.conformance.build;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.activityfhir.conformance.ConformanceResources;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.MetadataResource;

/**
 * Builds this project's FHIR NPM package at build time (Maven runs it in {@code process-classes}):
 * reads the resource files listed in {@code index.txt}, adds the OpenActive CodeSystems generated
 * from their SKOS lists (the lists stay the one source), stamps every resource with the package's
 * version, generates the StructureDefinitions' snapshots (against FHIR R4 and UK Core), fills in the
 * ImplementationGuide and the CapabilityStatement's profiles, and writes the package as a {@code
 * .tgz}: once as {@code package.tgz} next to the files on the classpath (what {@link
 * ConformanceResources} and the server read) and once as {@code target/<name>-<version>.tgz}.
 *
 * <p>Arguments: the classpath folder of the resource files (holding {@code index.txt} and the
 * filtered {@code package.json}), the folder of the SKOS lists, and the build's target folder.
 */
public final class PackageBuild {

  /** The package's file name on the classpath, next to the resource files. */
  public static final String PACKAGE_FILE = "package.tgz";

  private PackageBuild() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 3) {
      throw new IllegalArgumentException("usage: PackageBuild <resource folder> <skos folder> <target>");
    }
    Path folder = Path.of(args[0]);
    Path skos = Path.of(args[1]);
    Path target = Path.of(args[2]);
    Path onClasspath = folder.resolve(PACKAGE_FILE);
    if (isUpToDate(onClasspath, List.of(folder, skos))) {
      return;
    }
    long started = System.nanoTime();
    ObjectMapper json = new ObjectMapper();
    JsonNode manifest = json.readTree(folder.resolve("package.json").toFile());
    String version = manifest.path("version").asText();
    FhirContext context = FhirContext.forR4Cached();

    List<MetadataResource> resources = new ArrayList<>();
    for (String path : index(folder)) {
      try (Reader reader =
          new InputStreamReader(Files.newInputStream(folder.resolve(path)), StandardCharsets.UTF_8)) {
        resources.add((MetadataResource) context.newJsonParser().parseResource(reader));
      } catch (RuntimeException e) {
        throw new IllegalStateException("Cannot parse conformance resource " + path, e);
      }
    }
    resources.add(
        skos(json, skos.resolve("activity-list.jsonld"), "activity-list", "OpenActiveActivityList"));
    resources.add(
        skos(
            json,
            skos.resolve("accessibility-support.jsonld"),
            "accessibility-support",
            "OpenActiveAccessibilitySupport"));
    resources.forEach(r -> r.setVersion(version));

    List<MetadataResource> complete = new Snapshots(context).complete(resources);
    complete = new GuideContents(manifest).complete(complete);
    byte[] tgz = new PackageWriter(context, json).write(manifest, complete);
    Files.write(onClasspath, tgz);
    Files.createDirectories(target);
    Files.write(
        target.resolve(manifest.path("name").asText() + "-" + version + ".tgz"), tgz);
    System.out.printf(
        "FHIR package %s#%s: %d resources, %d KB, %d ms%n",
        manifest.path("name").asText(),
        version,
        complete.size(),
        tgz.length / 1024,
        (System.nanoTime() - started) / 1_000_000);
  }

  private static CodeSystem skos(ObjectMapper json, Path file, String id, String name)
      throws IOException {
    return SkosCodeSystem.of(
        json.readTree(file.toFile()),
        id,
        name,
        ConformanceResources.CANONICAL_BASE + "/ValueSet/" + id);
  }

  private static List<String> index(Path folder) throws IOException {
    return Files.readAllLines(folder.resolve("index.txt")).stream()
        .map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("#"))
        .toList();
  }

  /** True when the package is newer than every input file (Maven re-runs this on every build). */
  private static boolean isUpToDate(Path output, List<Path> inputFolders) throws IOException {
    if (!Files.exists(output)) {
      return false;
    }
    FileTime built = Files.getLastModifiedTime(output);
    for (Path input : inputFolders) {
      try (Stream<Path> files = Files.walk(input)) {
        boolean newer =
            files
                .filter(Files::isRegularFile)
                .filter(p -> !p.equals(output))
                .anyMatch(p -> lastModified(p).compareTo(built) > 0);
        if (newer) {
          return false;
        }
      }
    }
    return true;
  }

  private static FileTime lastModified(Path file) {
    try {
      return Files.getLastModifiedTime(file);
    } catch (IOException e) {
      return FileTime.fromMillis(Long.MAX_VALUE);
    }
  }
}
