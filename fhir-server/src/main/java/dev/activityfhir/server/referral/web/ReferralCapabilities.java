package dev.activityfhir.server.referral.web;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import dev.activityfhir.conformance.ConformanceResources;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestSecurityComponent;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.UriType;

/**
 * Adds the referral side to {@code /fhir/metadata}, which the directory's server generates: the referral types'
 * entries (interactions, search parameters, includes, conditional create, versioning), the transaction and batch
 * interactions, and {@code rest.security} (SMART on FHIR, with this server's token endpoint in the {@code oauth-uris}
 * extension), all as the package's CapabilityStatement declares them.
 */
@Interceptor
public final class ReferralCapabilities {

  /** SMART's extension naming the authorization server's endpoints. */
  static final String OAUTH_URIS = "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris";

  private final Supplier<String> tokenEndpoint;
  private final @Nullable Supplier<String> authorizeEndpoint;

  /**
   * @param tokenEndpoint where clients get tokens (the built-in {@code /auth/token} or the outside server's)
   * @param authorizeEndpoint where people sign in (the built-in {@code /auth/authorize}), or null when an outside
   *     server issues the tokens: its own discovery document names it
   */
  public ReferralCapabilities(Supplier<String> tokenEndpoint, @Nullable Supplier<String> authorizeEndpoint) {
    this.tokenEndpoint = tokenEndpoint;
    this.authorizeEndpoint = authorizeEndpoint;
  }

  @Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
  public void addReferralSide(IBaseConformance conformance) {
    if (!(conformance instanceof CapabilityStatement statement)) {
      return;
    }
    CapabilityStatementRestComponent declared =
        ConformanceResources.bundled().capabilityStatement().getRestFirstRep();
    CapabilityStatementRestComponent rest = statement.getRestFirstRep();
    for (CapabilityStatementRestResourceComponent resource : declared.getResource()) {
      if (ReferralEndpoint.ROUTED_TYPES.contains(resource.getType())) {
        rest.getResource().removeIf(r -> r.getType().equals(resource.getType()));
        rest.addResource(resource.copy());
      }
    }
    declared.getInteraction().forEach(i -> {
      rest.getInteraction().removeIf(existing -> existing.getCode() == i.getCode());
      rest.addInteraction(i.copy());
    });
    CapabilityStatementRestSecurityComponent security = declared.getSecurity().copy();
    Extension oauth = security.getExtensionByUrl(OAUTH_URIS);
    if (oauth != null) {
      oauth.getExtension().removeIf(e -> e.getUrl().equals("token") || e.getUrl().equals("authorize"));
      oauth.addExtension("token", new UriType(tokenEndpoint.get()));
      if (authorizeEndpoint != null) {
        oauth.addExtension("authorize", new UriType(authorizeEndpoint.get()));
      }
    }
    rest.setSecurity(security);
  }
}
