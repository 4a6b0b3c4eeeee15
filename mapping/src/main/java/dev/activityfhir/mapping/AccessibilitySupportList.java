package dev.activityfhir.mapping;

import java.util.Collection;
import java.util.Optional;
import org.hl7.fhir.r4.model.CodeSystem;

/**
 * The OpenActive Accessibility Support list (https://openactive.io/accessibility-support, CC-BY 4.0,
 * OpenActive): six draft concepts such as "Visual impairment".
 */
public final class AccessibilitySupportList {

  /** The list's URI, also the FHIR code system URL for accessibility characteristics. */
  public static final String SYSTEM = "https://openactive.io/accessibility-support";

  private static final String RESOURCE = "accessibility-support.jsonld";

  private final ConceptScheme scheme;

  AccessibilitySupportList(ConceptScheme scheme) {
    this.scheme = scheme;
  }

  /** The list bundled with this module (parsed once per JVM). */
  public static AccessibilitySupportList bundled() {
    return Bundled.INSTANCE;
  }

  /** Every concept, in the published order. */
  public Collection<Concept> concepts() {
    return scheme.concepts();
  }

  /** The concept whose id fragment is {@code code}. */
  public Optional<Concept> byCode(String code) {
    return scheme.byCode(code);
  }

  /** The concept named by its id (https or http), its bare code, or a label (case-insensitive). */
  public Optional<Concept> byIdOrLabel(String idOrLabel) {
    return scheme.byIdOrLabel(idOrLabel);
  }

  /** The whole list as a complete FHIR R4 CodeSystem with OpenActive's CC-BY attribution. */
  public CodeSystem toCodeSystem() {
    return ConceptSchemeCodeSystem.of(scheme, "OpenActiveAccessibilitySupport");
  }

  private static final class Bundled {
    static final AccessibilitySupportList INSTANCE =
        new AccessibilitySupportList(ConceptScheme.fromResource(RESOURCE));
  }
}
