package dev.activityfhir.server.fhir;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.IdType;

/**
 * Read of the code systems the directory's codes come from (e.g. the OpenActive activity list, so clients can
 * show labels and walk the hierarchy that {@code service-type:below} uses).
 */
public final class CodeSystemProvider implements IResourceProvider {

  private final Map<String, CodeSystem> byId = new LinkedHashMap<>();

  /** A provider serving these code systems, each by its id. */
  CodeSystemProvider(List<CodeSystem> codeSystems) {
    for (CodeSystem codeSystem : codeSystems) {
      byId.put(codeSystem.getIdElement().getIdPart(), codeSystem);
    }
  }

  @Override
  public Class<CodeSystem> getResourceType() {
    return CodeSystem.class;
  }

  /** Reads one code system (a copy: HAPI may annotate what it returns). */
  @Read
  public CodeSystem read(@IdParam IdType id) {
    CodeSystem codeSystem = byId.get(id.getIdPart());
    if (codeSystem == null) {
      throw new ResourceNotFoundException("CodeSystem/" + id.getIdPart() + " is not known");
    }
    return codeSystem.copy();
  }
}
