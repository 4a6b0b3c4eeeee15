package dev.activityfhir.server.fhir;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.provider.ServerCapabilityStatementProvider;
import dev.activityfhir.conformance.ConformanceResources;
import dev.activityfhir.server.fhir.search.DeclaredSearches;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.IdType;
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

  /**
   * HAPI's own definition of each operation, by the standard canonical the statement names instead: read back by
   * the OpenAPI generator ({@link #readOperationDefinition}).
   */
  private final Map<String, String> ownDefinitions = new ConcurrentHashMap<>();

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
