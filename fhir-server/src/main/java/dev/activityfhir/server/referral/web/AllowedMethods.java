package dev.activityfhir.server.referral.web;

import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The HTTP methods each referral-side URL answers, as the CapabilityStatement declares them: a method not listed
 * (DELETE anywhere, POST of a Task, PUT of a Consent or AuditEvent, PATCH but of a Task, operations but
 * {@code $validate}, type history)
 * answers 405 with this list in {@code Allow}.
 */
final class AllowedMethods {

  private static final Set<String> UPDATABLE = Set.of("ServiceRequest", "Patient", "Task");
  private static final Set<String> CREATABLE = Set.of("ServiceRequest", "Patient", "Consent");
  private static final Set<String> VALIDATED = Set.of("ServiceRequest", "Patient", "Consent", "Task");

  private AllowedMethods() {}

  /**
   * The methods the URL answers, in the order an {@code Allow} header lists them; null for a URL that is not of a
   * referral type (left to the FHIR server to answer).
   *
   * @param pathInfo the path below {@code /fhir}, e.g. {@code /ServiceRequest/123/_history}
   * @param types the referral side's types
   */
  static @Nullable List<String> of(@Nullable String pathInfo, Set<String> types) {
    String path = pathInfo == null ? "" : pathInfo.replaceFirst("^/+", "").replaceFirst("/+$", "");
    if (path.isEmpty()) {
      return List.of("GET", "POST"); // search pages, transaction and batch Bundles
    }
    String[] segments = path.split("/");
    String type = segments[0];
    if (!types.contains(type)) {
      return null;
    }
    if (segments.length == 1) {
      return CREATABLE.contains(type) ? List.of("GET", "POST") : List.of("GET");
    }
    String second = segments[1];
    if (segments.length == 2 && second.equals("_search")) {
      return List.of("GET", "POST");
    }
    if (segments.length == 2 && second.equals("$validate") && VALIDATED.contains(type)) {
      return List.of("POST");
    }
    if (second.startsWith("_") || second.startsWith("$")) {
      return List.of(); // type history and other operations are not offered
    }
    if (segments.length == 2) {
      if (type.equals("Task")) {
        return List.of("GET", "PUT", "PATCH");
      }
      return UPDATABLE.contains(type) ? List.of("GET", "PUT") : List.of("GET");
    }
    boolean history = segments[2].equals("_history");
    if (history && (segments.length == 3 || segments.length == 4)) {
      return List.of("GET");
    }
    return List.of(); // instance operations and anything deeper are not offered
  }
}
