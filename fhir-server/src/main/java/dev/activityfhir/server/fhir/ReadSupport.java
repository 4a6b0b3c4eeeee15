package dev.activityfhir.server.fhir;

import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import dev.activityfhir.server.fhir.index.ResourceIndex;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Resource;

/** The read interaction shared by all providers: 200, 410 for a withdrawn resource, 404 for an unknown one. */
final class ReadSupport {

  private final ResourceIndex index;

  ReadSupport(ResourceIndex index) {
    this.index = index;
  }

  Resource read(String type, IIdType id) {
    Resource resource = index.read(type, id.getIdPart());
    if (resource != null) {
      return resource;
    }
    if (index.presence(type, id.getIdPart()) == ResourceIndex.Presence.DELETED) {
      throw new ResourceGoneException("Resource " + type + "/" + id.getIdPart() + " has been withdrawn");
    }
    throw new ResourceNotFoundException("Resource " + type + "/" + id.getIdPart() + " is not known");
  }
}
