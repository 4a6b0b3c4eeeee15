package dev.activityfhir.server.fhir;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.provider.ServerCapabilityStatementProvider;
import dev.activityfhir.conformance.ConformanceResources;
import dev.activityfhir.server.fhir.search.DeclaredSearches;
import jakarta.servlet.http.HttpServletRequest;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.SearchParameter;

/**
 * The generated CapabilityStatement (interactions and operations, from the providers), with each directory type's
 * {@code searchParam}, {@code searchInclude} and {@code searchRevInclude} taken from the FHIR package ({@link
 * DeclaredSearches}): every parameter defined by a SearchParameter of the package (FHIR R4's own are restated
 * there, {@code derivedFrom} the core definition, with the modifiers and chains this server answers), documented
 * by its description. The guard accepts exactly these, so the statement says what the server does.
 */
public final class DirectoryCapabilityStatementProvider extends ServerCapabilityStatementProvider {

  private final DeclaredSearches declared;

  /** The provider for a server whose searches accept what {@code declared} lists. */
  public DirectoryCapabilityStatementProvider(RestfulServer server, DeclaredSearches declared) {
    super(server);
    this.declared = declared;
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
        rest.getResource().forEach(this::searches);
        rest.getResource().forEach(r -> fromPackage(r, promised));
      }
    }
    return conformance;
  }

  /**
   * The package's profile of the type as {@code supportedProfile}, and the standard definition of
   * each operation (HAPI would point at OperationDefinitions this server does not serve).
   */
  private static void fromPackage(
      CapabilityStatementRestResourceComponent component, CapabilityStatement promised) {
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
                              .ifPresent(d -> op.setDefinition(d.getDefinition())));
            });
  }

  /** A directory type's search parameters, includes and reverse includes, as the package declares them. */
  private void searches(CapabilityStatementRestResourceComponent component) {
    String type = component.getType();
    if (!declared.types().contains(type)) {
      return;
    }
    component.getSearchParam().clear();
    for (SearchParameter parameter : declared.parameters(type)) {
      component
          .addSearchParam()
          .setName(parameter.getCode())
          .setDefinition(parameter.getUrl())
          .setType(parameter.getType())
          .setDocumentation(parameter.getDescription());
    }
    component.getSearchInclude().clear();
    declared.includes(type).forEach(component::addSearchInclude);
    component.getSearchRevInclude().clear();
    declared.revIncludes(type).forEach(component::addSearchRevInclude);
  }
}
