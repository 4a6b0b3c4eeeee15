package dev.activityfhir.conformance.build;

import com.fasterxml.jackson.databind.JsonNode;
import dev.activityfhir.conformance.ConformanceResources;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.Enumerations.FHIRVersion;
import org.hl7.fhir.r4.model.Enumerations.PublicationStatus;
import org.hl7.fhir.r4.model.ImplementationGuide;
import org.hl7.fhir.r4.model.ImplementationGuide.SPDXLicense;
import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.SearchParameter;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r4.model.StructureDefinition.StructureDefinitionKind;

/**
 * Derives the package's table of contents from its resources: the ImplementationGuide (one {@code
 * definition.resource} per resource, the package dependencies as {@code dependsOn}), the {@code
 * supportedProfile} lists of the CapabilityStatement (every resource profile of that type) and its
 * {@code searchParam} lists (every package SearchParameter on that type, {@code _} parameters
 * first): the SearchParameter files are the one list of what a type's searches accept.
 */
final class GuideContents {

  static final String GUIDE_ID = "activity-fhir";
  private static final Map<String, String> DEPENDENCY_GUIDES =
      Map.of(
          "hl7.fhir.r4.core", "http://hl7.org/fhir/ImplementationGuide/fhir",
          "fhir.r4.ukcore.stu2", "https://fhir.hl7.org.uk/ImplementationGuide/fhir.r4.ukcore.stu2");

  private final JsonNode manifest;

  GuideContents(JsonNode manifest) {
    this.manifest = manifest;
  }

  /** The resources with the CapabilityStatements' profiles filled in, then the guide appended. */
  List<MetadataResource> complete(List<MetadataResource> resources) {
    String guideUrl = ConformanceResources.CANONICAL_BASE + "/ImplementationGuide/" + GUIDE_ID;
    List<MetadataResource> result = new ArrayList<>();
    for (MetadataResource resource : resources) {
      if (resource instanceof CapabilityStatement statement) {
        CapabilityStatement copy = statement.copy();
        copy.getImplementationGuide().clear();
        copy.addImplementationGuide(guideUrl);
        copy.getRest().forEach(rest -> rest.getResource().forEach(r -> profiles(r, resources)));
        copy.getRest().forEach(rest -> rest.getResource().forEach(r -> searchParams(r, resources)));
        result.add(copy);
      } else {
        result.add(resource);
      }
    }
    result.add(guide(guideUrl, result));
    return result;
  }

  private static void profiles(
      CapabilityStatementRestResourceComponent resource, List<MetadataResource> resources) {
    resource.getSupportedProfile().clear();
    resources.stream()
        .filter(StructureDefinition.class::isInstance)
        .map(StructureDefinition.class::cast)
        .filter(sd -> sd.getKind() == StructureDefinitionKind.RESOURCE)
        .filter(sd -> sd.getType().equals(resource.getType()))
        .forEach(sd -> resource.addSupportedProfile(sd.getUrl()));
  }

  /**
   * The type's SearchParameters as {@code searchParam}, for a type that any package
   * SearchParameter names in its {@code base}; such a type must list none by hand.
   */
  private static void searchParams(
      CapabilityStatementRestResourceComponent resource, List<MetadataResource> resources) {
    List<SearchParameter> declared =
        resources.stream()
            .filter(SearchParameter.class::isInstance)
            .map(SearchParameter.class::cast)
            .filter(sp -> sp.getBase().stream().anyMatch(b -> b.getCode().equals(resource.getType())))
            .sorted(Comparator.comparing(sp -> !sp.getCode().startsWith("_")))
            .toList();
    if (declared.isEmpty()) {
      return;
    }
    if (resource.hasSearchParam()) {
      throw new IllegalStateException(
          "CapabilityStatement lists search parameters of "
              + resource.getType()
              + " by hand: its SearchParameter files are the list");
    }
    for (SearchParameter sp : declared) {
      resource
          .addSearchParam()
          .setName(sp.getCode())
          .setDefinition(sp.getUrl())
          .setType(sp.getType())
          .setDocumentation(sp.getDescription());
    }
  }

  private ImplementationGuide guide(String url, List<MetadataResource> resources) {
    ImplementationGuide guide = new ImplementationGuide();
    guide.setId(GUIDE_ID);
    guide.setUrl(url);
    guide.setVersion(manifest.path("version").asText());
    guide.setName("ActivityFhir");
    guide.setTitle("Activity FHIR");
    guide.setStatus(PublicationStatus.ACTIVE);
    guide.setPublisher("Activity FHIR project");
    guide.setDescription(manifest.path("description").asText());
    guide.setPackageId(manifest.path("name").asText());
    guide.setLicense(SPDXLicense.fromCode(manifest.path("license").asText()));
    guide.addFhirVersion(FHIRVersion._4_0_1);
    manifest
        .path("dependencies")
        .fields()
        .forEachRemaining(
            d ->
                guide
                    .addDependsOn()
                    .setUri(DEPENDENCY_GUIDES.getOrDefault(d.getKey(), d.getKey()))
                    .setPackageId(d.getKey())
                    .setVersion(d.getValue().asText()));
    for (MetadataResource resource : resources) {
      guide
          .getDefinition()
          .addResource()
          .setReference(new Reference(resource.fhirType() + "/" + resource.getIdPart()))
          .setName(resource.hasTitle() ? resource.getTitle() : resource.getName())
          .setDescription(resource.getDescription())
          .setExample(new BooleanType(false));
    }
    return guide;
  }
}
