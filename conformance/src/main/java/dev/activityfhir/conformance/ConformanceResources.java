package dev.activityfhir.conformance;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.context.support.ValidationSupportContext;
import ca.uhn.fhir.parser.IParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.SearchParameter;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r4.model.ValueSet;

/**
 * The project's own FHIR R4 conformance resources: the extension StructureDefinitions, CodeSystems,
 * ValueSets and SearchParameters kept as JSON files under {@code dev/activityfhir/conformance/} on
 * the classpath, listed in that folder's {@code index.txt}.
 *
 * <p>{@link #bundled()} reads the files once per JVM. Every StructureDefinition handed out has a
 * differential and a snapshot: the files store the snapshot generated from the differential, and
 * one without a snapshot gets it generated at load time.
 *
 * <p>The resources returned are shared, read-only by contract: copy one ({@code copy()}) before
 * changing it.
 */
public final class ConformanceResources {

  /** Canonical base of every resource this project defines. */
  public static final String CANONICAL_BASE = "https://activityfhir.dev/fhir";

  private static final String FOLDER = "/dev/activityfhir/conformance/";
  private static final String INDEX = FOLDER + "index.txt";

  private final List<StructureDefinition> structureDefinitions;
  private final List<CodeSystem> codeSystems;
  private final List<ValueSet> valueSets;
  private final List<SearchParameter> searchParameters;
  private final List<MetadataResource> all;
  private final Map<String, MetadataResource> byUrl;

  private ConformanceResources(List<MetadataResource> resources) {
    List<StructureDefinition> sds = new ArrayList<>();
    List<CodeSystem> css = new ArrayList<>();
    List<ValueSet> vss = new ArrayList<>();
    List<SearchParameter> sps = new ArrayList<>();
    Map<String, MetadataResource> urls = new LinkedHashMap<>();
    for (MetadataResource resource : resources) {
      if (resource instanceof StructureDefinition sd) {
        sds.add(sd);
      } else if (resource instanceof CodeSystem cs) {
        css.add(cs);
      } else if (resource instanceof ValueSet vs) {
        vss.add(vs);
      } else if (resource instanceof SearchParameter sp) {
        sps.add(sp);
      } else {
        throw new IllegalStateException(
            "Unexpected conformance resource type " + resource.fhirType());
      }
      MetadataResource previous = urls.put(resource.getUrl(), resource);
      if (previous != null) {
        throw new IllegalStateException(
            "Two conformance resources share the url " + resource.getUrl());
      }
    }
    this.structureDefinitions = List.copyOf(sds);
    this.codeSystems = List.copyOf(css);
    this.valueSets = List.copyOf(vss);
    this.searchParameters = List.copyOf(sps);
    this.all = List.copyOf(resources);
    this.byUrl = Collections.unmodifiableMap(urls);
  }

  /**
   * The bundled resources, read from the classpath on first use and shared afterwards.
   *
   * @throws IllegalStateException if a listed file is missing, does not parse, or two files share a
   *     canonical url (a packaging error, not a runtime condition)
   */
  public static ConformanceResources bundled() {
    return Holder.BUNDLED;
  }

  /** StructureDefinitions (extensions), each with differential and snapshot. */
  public List<StructureDefinition> structureDefinitions() {
    return structureDefinitions;
  }

  /** CodeSystems defined (or restated as FHIR) by this project. */
  public List<CodeSystem> codeSystems() {
    return codeSystems;
  }

  /** ValueSets defined by this project. */
  public List<ValueSet> valueSets() {
    return valueSets;
  }

  /** Custom SearchParameters the server supports beyond the FHIR R4 core ones. */
  public List<SearchParameter> searchParameters() {
    return searchParameters;
  }

  /**
   * The custom SearchParameter with this code on this resource type, e.g. {@code
   * ("HealthcareService", "age")}.
   */
  public Optional<SearchParameter> searchParameter(String resourceType, String code) {
    return searchParameters.stream()
        .filter(p -> p.getCode().equals(code))
        .filter(p -> p.getBase().stream().anyMatch(b -> b.getCode().equals(resourceType)))
        .findFirst();
  }

  /** Every resource, in index order. */
  public List<MetadataResource> all() {
    return all;
  }

  /** The resource with this canonical url (without a {@code |version} suffix), if bundled. */
  public Optional<MetadataResource> byUrl(String url) {
    return Optional.ofNullable(byUrl.get(url));
  }

  /** The resource of the given type with this canonical url, if bundled. */
  public <T extends MetadataResource> Optional<T> byUrl(String url, Class<T> type) {
    return byUrl(url).filter(type::isInstance).map(type::cast);
  }

  private static ConformanceResources load() {
    FhirContext context = FhirContext.forR4Cached();
    IParser parser = context.newJsonParser();
    List<MetadataResource> resources = new ArrayList<>();
    for (String path : readIndex()) {
      resources.add(parse(parser, path));
    }
    generateSnapshots(context, resources);
    return new ConformanceResources(resources);
  }

  private static List<String> readIndex() {
    List<String> paths = new ArrayList<>();
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(open(INDEX), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        String path = line.strip();
        if (!path.isEmpty() && !path.startsWith("#")) {
          paths.add(path);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + INDEX, e);
    }
    return paths;
  }

  private static MetadataResource parse(IParser parser, String path) {
    try (InputStream in = open(FOLDER + path)) {
      return (MetadataResource)
          parser.parseResource(new InputStreamReader(in, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read conformance resource " + path, e);
    } catch (RuntimeException e) {
      throw new IllegalStateException("Cannot parse conformance resource " + path, e);
    }
  }

  private static InputStream open(String resource) {
    InputStream in = ConformanceResources.class.getResourceAsStream(resource);
    if (in == null) {
      throw new IllegalStateException("Missing classpath resource " + resource);
    }
    return in;
  }

  /**
   * Fills in the snapshot of every StructureDefinition that has only a differential, so that every
   * consumer (validator, CapabilityStatement, a client reading StructureDefinition/...) sees the
   * same complete definition. The bundled files carry snapshots already (generating them needs the
   * whole FHIR core loaded, about ten seconds, which the server's start-up cannot afford); a test
   * checks that each stored snapshot is the one this method generates from its differential.
   */
  private static void generateSnapshots(FhirContext context, List<MetadataResource> resources) {
    List<StructureDefinition> differentialOnly =
        resources.stream()
            .filter(StructureDefinition.class::isInstance)
            .map(StructureDefinition.class::cast)
            .filter(sd -> !sd.hasSnapshot())
            .toList();
    if (differentialOnly.isEmpty()) {
      return;
    }
    List<StructureDefinition> all =
        resources.stream()
            .filter(StructureDefinition.class::isInstance)
            .map(StructureDefinition.class::cast)
            .toList();
    List<StructureDefinition> generated = withSnapshots(context, all);
    for (int i = 0; i < resources.size(); i++) {
      if (resources.get(i) instanceof StructureDefinition sd && !sd.hasSnapshot()) {
        resources.set(i, generated.get(all.indexOf(sd)));
      }
    }
  }

  /**
   * Copies of the given StructureDefinitions with snapshots generated from their differentials
   * against the FHIR R4 core definitions (an existing snapshot is replaced).
   */
  static List<StructureDefinition> withSnapshots(
      FhirContext context, List<StructureDefinition> definitions) {
    PrePopulatedValidationSupport own = new PrePopulatedValidationSupport(context);
    List<StructureDefinition> differentials = new ArrayList<>();
    for (StructureDefinition sd : definitions) {
      StructureDefinition copy = sd.copy();
      copy.setSnapshot(null);
      differentials.add(copy);
      own.addStructureDefinition(copy);
    }
    IValidationSupport generator = new SnapshotGeneratingValidationSupport(context);
    ValidationSupportChain chain =
        new ValidationSupportChain(new DefaultProfileValidationSupport(context), own, generator);
    ValidationSupportContext supportContext = new ValidationSupportContext(chain);
    List<StructureDefinition> result = new ArrayList<>();
    for (StructureDefinition sd : differentials) {
      StructureDefinition generated =
          (StructureDefinition)
              generator.generateSnapshot(supportContext, sd, sd.getUrl(), null, sd.getName());
      if (generated == null || !generated.hasSnapshot()) {
        throw new IllegalStateException("No snapshot could be generated for " + sd.getUrl());
      }
      result.add(generated);
    }
    return result;
  }

  /** Lazy, thread-safe one-time load (class initialisation is serialised by the JVM). */
  private static final class Holder {
    static final ConformanceResources BUNDLED = load();
  }
}
