package dev.activityfhir.server.referral.web;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.StrictErrorHandler;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.server.ETagSupportEnum;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import dev.activityfhir.conformance.FhirValidation;
import dev.activityfhir.server.audit.AuditEventProvider;
import dev.activityfhir.server.audit.AuditException;
import dev.activityfhir.server.audit.AuditRecord;
import dev.activityfhir.server.audit.Interaction;
import dev.activityfhir.server.audit.AuditInterceptor;
import dev.activityfhir.server.audit.AuditTrail;
import dev.activityfhir.server.auth.AuthenticationFailure;
import dev.activityfhir.server.auth.Authenticator;
import dev.activityfhir.server.auth.Caller;
import dev.activityfhir.server.problem.FhirProblem;
import dev.activityfhir.server.problem.OperationOutcomeInterceptor;
import dev.activityfhir.server.validation.ValidateOperation;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The FHIR R4 endpoint of the referral side: ServiceRequest, Patient, Consent and Task, transaction/batch Bundles
 * at the base URL, and the audit trail as AuditEvent (admins only). Every request is authenticated first ({@link CallerInterceptor}); bodies over the configured size
 * answer 413 and media types it does not read 415, before anything is parsed. Its own FHIR context parses strictly:
 * an unknown element is a 400, not silently dropped.
 */
public final class ReferralRestfulServer extends RestfulServer {

  private static final long serialVersionUID = 1L;

  private static final Logger log = LoggerFactory.getLogger(ReferralRestfulServer.class);

  private static final Set<String> READABLE =
      Set.of("application/fhir+json", "application/json", "application/fhir+xml", "application/xml", "text/xml",
          "application/json-patch+json");

  private final long maximumBodyBytes;
  private final transient Authenticator authenticator;
  private final transient Supplier<@Nullable AuditTrail> auditTrail;

  /**
   * @param services the referral service (answers 503 until set)
   * @param authenticator turns the Authorization header into the caller
   * @param maximumBodyBytes the largest request body read
   * @param auditTrail the audit trail, once the database is open: every read, search and refusal is recorded
   *     there (writes by the service, in their own transactions), and admins read it as AuditEvent
   */
  public ReferralRestfulServer(
      ReferralServiceRef services,
      Authenticator authenticator,
      long maximumBodyBytes,
      Supplier<@Nullable AuditTrail> auditTrail) {
    super(strictContext());
    this.maximumBodyBytes = maximumBodyBytes;
    this.authenticator = authenticator;
    this.auditTrail = auditTrail;
    setServerName("Activity FHIR referrals");
    setDefaultResponseEncoding(EncodingEnum.JSON);
    setETagSupport(ETagSupportEnum.ENABLED);
    setPagingProvider(new ReferralPagingProvider());
    setResourceProviders(
        List.of(
            new ServiceRequestProvider(services),
            new PatientProvider(services),
            new ConsentProvider(services),
            new TaskProvider(services, getFhirContext()),
            new AuditEventProvider(auditTrail, Callers::of)));
    setPlainProviders(
        List.of(
            new TransactionProvider(services),
            new ReferralValidateProvider(new ValidateOperation(FhirValidation::published, FhirContext.forR4Cached()))));
    registerInterceptor(new CallerInterceptor());
    registerInterceptor(new OperationOutcomeInterceptor());
    registerInterceptor(new AuditInterceptor(auditTrail, Callers::find));
  }

  /** A FHIR context of its own, parsing strictly (the directory's shared context stays lenient). */
  public static FhirContext strictContext() {
    FhirContext context = FhirContext.forR4();
    context.setParserErrorHandler(new StrictErrorHandler());
    context.getParserOptions().setAutoContainReferenceTargetsWithNoId(false);
    return context;
  }

  /** Whether a search id of {@code _getpages} is one of this side's. */
  public static boolean ownsSearch(String searchId) {
    return searchId.startsWith(ReferralPagingProvider.PREFIX);
  }

  /**
   * Authenticates every request before anything else (401 otherwise), then answers 405 to a method its URL does not
   * offer and 413/415 to a body it will not read, before HAPI parses anything; the caller is handed to HAPI's
   * request for the providers ({@link CallerInterceptor}). Refusals are answered here rather than thrown from an
   * interceptor, which HAPI would log at ERROR with a stack trace.
   */
  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws ServletException, IOException {
    Caller caller;
    try {
      caller = authenticator.authenticate(request.getHeader("Authorization"));
    } catch (AuthenticationFailure failure) {
      refuse(request, response, null, OperationOutcomeInterceptor.translate(failure), failure.getMessage());
      return;
    }
    List<String> allowed = AllowedMethods.of(request.getPathInfo(), ReferralEndpoint.ROUTED_TYPES);
    String method = request.getMethod();
    if (allowed != null
        && !method.equals("OPTIONS")
        && !allowed.contains(method.equals("HEAD") ? "GET" : method)) {
      response.setHeader("Allow", String.join(", ", allowed)); // empty when the URL offers nothing
      refuse(request, response, caller, methodNotAllowed(request, allowed), null);
      return;
    }
    FhirProblem refused = refuseBody(request);
    if (refused != null) {
      refuse(request, response, caller, OperationOutcomeInterceptor.response(refused), null);
      return;
    }
    request.setAttribute(CallerInterceptor.ATTRIBUTE, caller);
    super.service(new LimitedBodyRequest(request, maximumBodyBytes), response);
  }

  private @Nullable FhirProblem refuseBody(HttpServletRequest request) {
    String method = request.getMethod();
    if (!method.equals("POST") && !method.equals("PUT") && !method.equals("PATCH")) {
      return null;
    }
    long length = request.getContentLengthLong();
    if (length > maximumBodyBytes) {
      return tooLarge(maximumBodyBytes);
    }
    String type = request.getContentType();
    String mediaType = type == null ? "" : type.split(";")[0].trim().toLowerCase(Locale.ROOT);
    if (!READABLE.contains(mediaType)) {
      return new FhirProblem(
          FhirProblem.Status.UNSUPPORTED_MEDIA_TYPE,
          IssueType.NOTSUPPORTED,
          "Content-Type '" + (type == null ? "" : type) + "' is not read here; send application/fhir+json or"
              + " application/fhir+xml");
    }
    return null;
  }

  /** 405 naming what the URL answers (its {@code Allow} header lists the same). */
  private static BaseServerResponseException methodNotAllowed(HttpServletRequest request, List<String> allowed) {
    String what = request.getPathInfo() == null ? "the base URL" : request.getPathInfo().replaceFirst("^/", "");
    FhirProblem problem =
        new FhirProblem(
            FhirProblem.Status.METHOD_NOT_ALLOWED,
            IssueType.NOTSUPPORTED,
            allowed.isEmpty()
                ? what + " is not offered by this server"
                : request.getMethod() + " is not offered on " + what + "; it answers " + String.join(", ", allowed));
    return OperationOutcomeInterceptor.response(problem);
  }

  /**
   * Answers a refusal made before HAPI saw the request: logged once, recorded in the audit trail (with the caller,
   * when one was proved), written as an OperationOutcome with the answer's headers.
   *
   * @param reason what the audit record says; null for {@code HTTP <status>}
   */
  private void refuse(
      HttpServletRequest request,
      HttpServletResponse response,
      @Nullable Caller caller,
      BaseServerResponseException answer,
      @Nullable String reason)
      throws IOException {
    int status = answer.getStatusCode();
    OperationOutcomeInterceptor.logRefusal(request.getMethod(), request.getPathInfo(), answer);
    recordRefusal(request, caller, status, reason == null ? "HTTP " + status : reason);
    answer.getResponseHeaders().forEach((name, values) -> values.forEach(value -> response.addHeader(name, value)));
    response.setStatus(status);
    response.setContentType("application/fhir+json;charset=utf-8");
    response.getWriter().write(getFhirContext().newJsonParser().encodeResourceToString(answer.getOperationOutcome()));
  }

  private void recordRefusal(HttpServletRequest request, @Nullable Caller caller, int status, String reason) {
    AuditTrail trail = auditTrail.get();
    if (trail == null) {
      return;
    }
    String path = request.getPathInfo() == null ? "" : request.getPathInfo().replaceFirst("^/+", "");
    String[] segments = path.isEmpty() ? new String[0] : path.split("/");
    String type = segments.length == 0 ? null : segments[0];
    String id =
        segments.length < 2 || segments[1].startsWith("_") || segments[1].startsWith("$") ? null : segments[1];
    Interaction interaction =
        switch (request.getMethod()) {
          case "PUT" -> Interaction.UPDATE;
          case "PATCH" -> Interaction.PATCH;
          case "DELETE" -> Interaction.DELETE;
          case "POST" -> type == null ? Interaction.TRANSACTION : Interaction.CREATE;
          case "GET", "HEAD" -> id == null ? Interaction.SEARCH : Interaction.READ;
          default -> Interaction.OPERATION;
        };
    try {
      trail.record(AuditRecord.refusal(caller, interaction, type, id, status, reason));
    } catch (AuditException e) {
      log.error("A refused request could not be recorded in the audit trail", e);
    }
  }

  static FhirProblem tooLarge(long maximumBodyBytes) {
    return new FhirProblem(
        FhirProblem.Status.PAYLOAD_TOO_LARGE,
        IssueType.TOOCOSTLY,
        "The request body is larger than " + maximumBodyBytes + " bytes");
  }

}
