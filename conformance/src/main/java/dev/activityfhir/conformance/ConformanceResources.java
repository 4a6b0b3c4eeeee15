package dev.activityfhir.conformance;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.ImplementationGuide;
import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.SearchParameter;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r4.model.ValueSet;

/**
 * The project's own FHIR R4 conformance resources: the extension StructureDefinitions, CodeSystems,
 * ValueSets and SearchParameters kept as JSON files under {@code dev/activityfhir/conformance/} on
 * the classpath, listed in that folder's {@code index.txt}.
 *
 * <p>{@link #bundled()} reads them once per JVM from the FHIR NPM package the build makes of those
 * files ({@code package.tgz}, see {@code build.PackageBuild}), so every consumer sees exactly what
 * is published: StructureDefinitions with differential and snapshot, the OpenActive CodeSystems
 * generated from their lists, the ImplementationGuide and the CapabilityStatement.
 *
 * <p>The resources returned are shared, read-only by contract: copy one ({@code copy()}) before
 * changing it.
 */
public final class ConformanceResources {

  /** Canonical base of every resource this project defines. */
  public static final String CANONICAL_BASE = "https://activityfhir.dev/fhir";

  private static final String PACKAGE = "/dev/activityfhir/conformance/package.tgz";

  private final List<StructureDefinition> structureDefinitions;
  private final List<CodeSystem> codeSystems;
  private final List<ValueSet> valueSets;
  private final List<SearchParameter> searchParameters;
  private final List<MetadataResource> all;
  private final Map<String, MetadataResource> byUrl;
  private final Map<String, String> profiles;
  private final PackageId packageId;
  private final byte[] packageTgz;

  private ConformanceResources(
      List<MetadataResource> resources, PackageId packageId, byte[] packageTgz) {
    this.packageId = packageId;
    this.packageTgz = packageTgz;
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
      } else if (!(resource instanceof ImplementationGuide)
          && !(resource instanceof CapabilityStatement)) {
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
    this.profiles = profilesByType(sds);
  }

  /** Each profiled resource type's one profile url; two profiles of one type are a packaging error. */
  private static Map<String, String> profilesByType(List<StructureDefinition> sds) {
    Map<String, String> profiles = new LinkedHashMap<>();
    for (StructureDefinition sd : sds) {
      if (sd.getKind() == StructureDefinition.StructureDefinitionKind.RESOURCE
          && sd.getDerivation() == StructureDefinition.TypeDerivationRule.CONSTRAINT) {
        String previous = profiles.put(sd.getType(), sd.getUrl());
        if (previous != null) {
          throw new IllegalStateException(
              "Two profiles of " + sd.getType() + ": " + previous + " and " + sd.getUrl());
        }
      }
    }
    return Collections.unmodifiableMap(profiles);
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

  /** StructureDefinitions (profiles and extensions), each with differential and snapshot. */
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

  /**
   * Every search parameter the server's directory accepts: the project's own, and FHIR R4's as the server
   * answers them ({@code derivedFrom} the core definition, with the modifiers and chains it takes).
   */
  public List<SearchParameter> searchParameters() {
    return searchParameters;
  }

  /**
   * The SearchParameter with this code on this resource type, e.g. {@code ("HealthcareService",
   * "age")}.
   */
  public Optional<SearchParameter> searchParameter(String resourceType, String code) {
    return searchParameters.stream()
        .filter(p -> p.getCode().equals(code))
        .filter(p -> p.getBase().stream().anyMatch(b -> b.getCode().equals(resourceType)))
        .findFirst();
  }

  /**
   * The url of the package's profile of a resource type, the one the server names in {@code
   * meta.profile} of every resource of that type it returns, e.g. {@code
   * https://activityfhir.dev/fhir/StructureDefinition/activity-slot} for {@code Slot}; empty for a
   * type the package does not profile.
   */
  public Optional<String> profileOf(String resourceType) {
    return Optional.ofNullable(profiles.get(resourceType));
  }

  /** The package's ImplementationGuide: every resource of the package, its dependencies. */
  public ImplementationGuide implementationGuide() {
    return all.stream()
        .filter(ImplementationGuide.class::isInstance)
        .map(ImplementationGuide.class::cast)
        .findFirst()
        .orElseThrow();
  }

  /**
   * The CapabilityStatement (kind requirements) that the server's {@code /metadata} instantiates:
   * the interactions, search parameters, operations and profiles the server promises.
   */
  public CapabilityStatement capabilityStatement() {
    return all.stream()
        .filter(CapabilityStatement.class::isInstance)
        .map(CapabilityStatement.class::cast)
        .findFirst()
        .orElseThrow();
  }

  /** The FHIR NPM package's name and version, e.g. {@code dev.activityfhir.r4#0.1.0}. */
  public PackageId packageId() {
    return packageId;
  }

  /** The FHIR NPM package these resources were read from, as published ({@code .tgz}). */
  public InputStream packageTgz() {
    return new ByteArrayInputStream(packageTgz);
  }

  /** Every resource, in package order. */
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
    byte[] tgz = packageBytes();
    IParser parser = FhirContext.forR4Cached().newJsonParser();
    List<MetadataResource> resources = new ArrayList<>();
    String name = null;
    String version = null;
    try (TarArchiveInputStream tar =
        new TarArchiveInputStream(new GZIPInputStream(new ByteArrayInputStream(tgz)))) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        String path = entry.getName();
        byte[] content = tar.readAllBytes();
        if (path.equals("package/package.json")) {
          JsonNode manifest = new ObjectMapper().readTree(content);
          name = manifest.path("name").asText();
          version = manifest.path("version").asText();
        } else if (path.endsWith(".json") && !path.endsWith("/.index.json")) {
          resources.add(parse(parser, path, content));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the FHIR package " + PACKAGE, e);
    }
    if (name == null || version == null) {
      throw new IllegalStateException("No package.json in " + PACKAGE);
    }
    return new ConformanceResources(resources, new PackageId(name, version), tgz);
  }

  private static MetadataResource parse(IParser parser, String path, byte[] content) {
    try {
      return (MetadataResource)
          parser.parseResource(new String(content, StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      throw new IllegalStateException("Cannot parse conformance resource " + path, e);
    }
  }

  private static byte[] packageBytes() {
    try (InputStream in = ConformanceResources.class.getResourceAsStream(PACKAGE)) {
      if (in == null) {
        throw new IllegalStateException(
            "Missing classpath resource " + PACKAGE + ": the build writes it (PackageBuild)");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + PACKAGE, e);
    }
  }

  /** Lazy, thread-safe one-time load (class initialisation is serialised by the JVM). */
  private static final class Holder {
    static final ConformanceResources BUNDLED = load();
  }
}
