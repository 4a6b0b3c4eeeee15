package dev.activityfhir.server.fhir;

import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.provider.ServerCapabilityStatementProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import jakarta.servlet.http.HttpServletRequest;
import dev.activityfhir.conformance.ConformanceResources;
import java.util.List;
import org.hl7.fhir.r4.model.SearchParameter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceSearchParamComponent;

/**
 * The generated CapabilityStatement, with our own search parameters linked to their definitions (the canonical
 * URL of the SearchParameter published by the conformance module) and every parameter documented with
 * the semantics this server gives it, including the chains and modifiers the generated statement cannot express.
 */
public final class DirectoryCapabilityStatementProvider extends ServerCapabilityStatementProvider {

  /** Documentation per {@code Resource.param}; parameters marked custom get a definition URL. */
  private static final Map<String, String> DOCS =
      Map.ofEntries(
          Map.entry("HealthcareService.name", "Name starts with the text (case and accents ignored)."),
          Map.entry(
              "HealthcareService.service-type",
              "Activity (https://openactive.io/activity-list|code). :below also matches narrower activities;"
                  + " :text matches activity labels containing the text."),
          Map.entry(
              "HealthcareService.location",
              "Location reference. Chain location.near=lat|long|distance|unit (default 5 km) finds services with"
                  + " a location within the distance, nearest first, with the location-distance extension."),
          Map.entry("HealthcareService.organization", "Providing Organization reference."),
          Map.entry("HealthcareService.active", "true or false."),
          Map.entry("HealthcareService.characteristic", "Accessibility, level or access feature (system|code)."),
          Map.entry("custom:HealthcareService.age", "Age in years: services whose eligible age range includes it."),
          Map.entry(
              "custom:HealthcareService.gender",
              "male or female: services open to all genders or restricted to that one; unknown policy excluded."),
          Map.entry(
              "custom:HealthcareService.day-of-week",
              "mon..sun, comma-separated for any of them: services with an available time on that day."),
          Map.entry(
              "custom:HealthcareService.time-of-day",
              "[ge|gt]HH:mm session starts at/after, [le|lt]HH:mm ends at/before, HH:mm running at; repeat to"
                  + " combine (time-of-day=ge09:00&time-of-day=le12:00). Local UK time."),
          Map.entry(
              "custom:HealthcareService.price",
              "Number with prefixes eq, ne, lt, gt, le, ge: an offer's price satisfies it (price=0: free)."),
          Map.entry(
              "custom:HealthcareService.attendance",
              "online (services that can be attended online, online only or either way) or in-person (in person"
                  + " only or either way)."),
          Map.entry(
              "custom:HealthcareService.postcode",
              "UK postcode or district, optionally |distance|unit (default 5 km): like location.near from the"
                  + " district centroid."),
          Map.entry(
              "custom:HealthcareService.available",
              "Date with prefixes, repeat to combine (available=ge2026-12-08&available=le2026-12-15): services with"
                  + " a free Slot (of one of their Schedules) starting then."),
          Map.entry("Location.near", "lat|long|distance|unit (km, m, mi; default 5 km): nearest first, with distance."),
          Map.entry("Location.address-postalcode", "Postcode starts with the value (spaces and case ignored)."),
          Map.entry("Location.name", "Name starts with the text (case and accents ignored)."),
          Map.entry(
              "custom:Location.postcode",
              "UK postcode or district, optionally |distance|unit (default 5 km): like near from the district"
                  + " centroid."),
          Map.entry("Schedule.actor", "HealthcareService or Location reference."),
          Map.entry("Schedule.service-type", "Activity code; :below matches narrower activities."),
          Map.entry(
              "Slot.schedule", "Schedule reference. Chain schedule.actor=HealthcareService/id or Location/id."),
          Map.entry(
              "Slot.start",
              "Date with prefixes eq ne lt gt le ge sa eb ap at the precision given; dates without a zone are UK"
                  + " local time. _sort=start or -start (default start ascending)."),
          Map.entry("Slot.status", "free, busy, busy-unavailable, busy-tentative, entered-in-error."),
          Map.entry("Slot.service-type", "Activity code; :below matches narrower activities."),
          Map.entry("Organization.name", "Name starts with the text (case and accents ignored)."));

  /** What each type's searches accept in {@code _include}; HAPI's defaults would claim every include. */
  private static final Map<String, List<String>> INCLUDES =
      Map.of(
          "HealthcareService", List.of("HealthcareService:location", "HealthcareService:organization"),
          "Schedule", List.of("Schedule:actor"),
          "Slot", List.of("Slot:schedule"));

  /** What each type's searches accept in {@code _revinclude}. */
  private static final Map<String, List<String>> REV_INCLUDES =
      Map.of(
          "HealthcareService", List.of("Schedule:actor", "Slot:schedule"),
          "Location", List.of("HealthcareService:location", "Schedule:actor"),
          "Schedule", List.of("Slot:schedule"));

  /**
   * HAPI's own definition of each operation, by the standard canonical the statement names instead: read back by
   * the OpenAPI generator ({@link #readOperationDefinition}).
   */
  private final Map<String, String> ownDefinitions = new ConcurrentHashMap<>();

  /** The provider for a server. */
  public DirectoryCapabilityStatementProvider(RestfulServer server) {
    super(server);
    setPublisher("Activity FHIR");
  }

  @Override
  public IBaseConformance getServerConformance(HttpServletRequest servletRequest, RequestDetails request) {
    IBaseConformance conformance = super.getServerConformance(servletRequest, request);
    if (conformance instanceof CapabilityStatement statement) {
      statement.setName("ActivityFhirDirectory");
      statement.setTitle("Activity FHIR directory");
      statement.getSoftware().setVersion(null); // HAPI fills in its own version: not ours to publish
      CapabilityStatement promised = ConformanceResources.bundled().capabilityStatement();
      statement.addInstantiates(promised.getUrl());
      for (CapabilityStatementRestComponent rest : statement.getRest()) {
        // HAPI lists OperationDefinition for servers with operations; this one has none.
        rest.getResource().removeIf(r -> "OperationDefinition".equals(r.getType()));
        rest.getResource().forEach(DirectoryCapabilityStatementProvider::describe);
        rest.getResource().forEach(r -> fromPackage(r, promised, ownDefinitions));
      }
    }
    return conformance;
  }

  /**
   * The package's profile of the type as {@code supportedProfile}, and the standard definition of
   * each operation (HAPI would point at OperationDefinitions this server does not serve).
   */
  private static void fromPackage(
      CapabilityStatementRestResourceComponent component,
      CapabilityStatement promised,
      Map<String, String> ownDefinitions) {
    promised.getRestFirstRep().getResource().stream()
        .filter(r -> r.getType().equals(component.getType()))
        .findFirst()
        .ifPresent(
            declared -> {
              component.setSupportedProfile(declared.getSupportedProfile());
              component
                  .getOperation()
                  .forEach(
                      op ->
                          declared.getOperation().stream()
                              .filter(d -> d.getName().equals(op.getName()))
                              .findFirst()
                              .ifPresent(
                                  d -> {
                                    ownDefinitions.put(d.getDefinition(), op.getDefinition());
                                    op.setDefinition(d.getDefinition());
                                  }));
            });
  }

  /** An operation's definition, also by the standard canonical the statement names (HAPI's own behind it). */
  @Override
  public IBaseResource readOperationDefinition(IIdType id, RequestDetails request) {
    String own = id.getValue() == null ? null : ownDefinitions.get(id.getValue());
    return super.readOperationDefinition(own == null ? id : new IdType(own), request);
  }

  private static void describe(CapabilityStatementRestResourceComponent component) {
    String resourceName = component.getType();
    component.getSearchInclude().clear();
    INCLUDES.getOrDefault(resourceName, List.of()).forEach(component::addSearchInclude);
    component.getSearchRevInclude().clear();
    REV_INCLUDES.getOrDefault(resourceName, List.of()).forEach(component::addSearchRevInclude);
    for (CapabilityStatementRestResourceSearchParamComponent param : component.getSearchParam()) {
      String key = resourceName + "." + param.getName();
      String custom = DOCS.get("custom:" + key);
      if (custom != null) {
        // The published SearchParameter resource (conformance module) is the definition; link its canonical URL.
        param.setDefinition(
            ConformanceResources.bundled()
                .searchParameter(resourceName, param.getName())
                .map(SearchParameter::getUrl)
                .orElseThrow(
                    () -> new IllegalStateException("no SearchParameter published for " + key)));
        param.setDocumentation(custom);
      } else if (DOCS.containsKey(key)) {
        param.setDocumentation(DOCS.get(key));
      }
    }
  }
}
