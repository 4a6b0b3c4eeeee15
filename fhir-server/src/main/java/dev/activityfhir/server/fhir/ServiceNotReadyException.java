package dev.activityfhir.server.fhir;

import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;

/** 503 Service Unavailable: the stored data is not loaded into the index yet. */
public final class ServiceNotReadyException extends BaseServerResponseException {

  private static final long serialVersionUID = 1L;

  /** The exception, with a {@code Retry-After} header suggesting when to try again. */
  public ServiceNotReadyException() {
    super(503, "The directory is loading its data; try again in a few seconds");
    addResponseHeader("Retry-After", "5");
  }
}
