package dev.activityfhir.mapping;

import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.CodeSystem;

/**
 * The OpenActive Activity List (https://openactive.io/activity-list, CC-BY 4.0, OpenActive): concept
 * id, code (the id's fragment, a UUID) and labels, with the hierarchy built from the union of its
 * {@code broader} and {@code narrower} links (some narrower links lack the reverse broader link).
 */
public final class ActivityList {

  /** The activity list's URI, also the FHIR code system URL for activity codings. */
  public static final String SYSTEM = "https://openactive.io/activity-list";

  private static final String RESOURCE = "activity-list.jsonld";

  private final ConceptScheme scheme;

  ActivityList(ConceptScheme scheme) {
    this.scheme = scheme;
  }

  /** The list bundled with this module (parsed once per JVM). */
  public static ActivityList bundled() {
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

  /**
   * The concept named by its id (https or http, with or without {@code www.}), by its bare code, or
   * by a preferred or alternative label (case-insensitive). An id of another scheme gives empty.
   */
  public Optional<Concept> byIdOrLabel(String idOrLabel) {
    return scheme.byIdOrLabel(idOrLabel);
  }

  /**
   * The code and the codes of every narrower concept, transitively (for {@code service-type:below});
   * empty when the code is not in the list.
   */
  public Set<String> selfAndDescendants(String code) {
    return scheme.selfAndDescendants(code);
  }

  /**
   * The whole list as a FHIR R4 CodeSystem ({@code content} complete, {@code hierarchyMeaning} is-a,
   * one {@code parent} property per broader link, OpenActive's CC-BY attribution in {@code
   * copyright}). Each call builds a new instance.
   */
  public CodeSystem toCodeSystem() {
    return ConceptSchemeCodeSystem.of(scheme, "OpenActiveActivityList");
  }

  private static final class Bundled {
    static final ActivityList INSTANCE =
        new ActivityList(ConceptScheme.fromResource(RESOURCE));
  }
}
