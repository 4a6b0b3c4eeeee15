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
import dev.activityfhir.server.auth.Authenticator;
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
    registerInterceptor(new CallerInterceptor(authenticator));
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

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws ServletException, IOException {
    FhirProblem refused = refuseBody(request);
    if (refused != null) {
      recordRefusal(request, refused);
      writeProblem(response, OperationOutcomeInterceptor.response(refused));
      return;
    }
    super.service(new LimitedBodyRequest(request, maximumBodyBytes), response);
  }

  private FhirProblem refuseBody(HttpServletRequest request) {
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

  /** Records a body refused before authentication, so that the audit trail shows it too (anonymous). */
  private void recordRefusal(HttpServletRequest request, FhirProblem refused) {
    AuditTrail trail = auditTrail.get();
    if (trail == null) {
      return;
    }
    String path = request.getPathInfo() == null ? "" : request.getPathInfo().replaceFirst("^/", "");
    String type = path.isEmpty() ? null : path.split("/", 2)[0];
    Interaction interaction =
        switch (request.getMethod()) {
          case "PUT" -> Interaction.UPDATE;
          case "PATCH" -> Interaction.PATCH;
          default -> type == null ? Interaction.TRANSACTION : Interaction.CREATE;
        };
    int status = refused.status().code();
    try {
      trail.record(AuditRecord.refusal(null, interaction, type, null, status, "HTTP " + status));
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

  private void writeProblem(HttpServletResponse response, BaseServerResponseException answer) throws IOException {
    response.setStatus(answer.getStatusCode());
    response.setContentType("application/fhir+json;charset=utf-8");
    response.getWriter().write(getFhirContext().newJsonParser().encodeResourceToString(answer.getOperationOutcome()));
  }
}
