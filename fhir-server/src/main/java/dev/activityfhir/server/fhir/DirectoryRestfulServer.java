package dev.activityfhir.server.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.server.ETagSupportEnum;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import dev.activityfhir.conformance.ConformanceResources;
import dev.activityfhir.conformance.FhirValidation;
import dev.activityfhir.server.fhir.index.ResourceIndex;
import dev.activityfhir.server.fhir.openapi.ApiDocs;
import dev.activityfhir.server.problem.OperationOutcomeInterceptor;
import dev.activityfhir.server.fhir.search.DeclaredSearches;
import dev.activityfhir.server.fhir.search.HealthcareServiceSearchService;
import dev.activityfhir.server.fhir.search.LocationSearchService;
import dev.activityfhir.server.fhir.search.OrganizationSearchService;
import dev.activityfhir.server.fhir.search.PostcodeDistricts;
import dev.activityfhir.server.fhir.search.ScheduleSearchService;
import dev.activityfhir.server.fhir.search.SlotSearchService;
import dev.activityfhir.server.referral.web.LimitedBodyRequest;
import dev.activityfhir.server.validation.ValidateOperation;
import dev.activityfhir.server.web.OperationOutcomeJson;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.eclipse.jetty.http.QuotedQualityCSV;
import org.hl7.fhir.r4.model.CodeSystem;
import org.jspecify.annotations.Nullable;

/**
 * The FHIR R4 read/search endpoint of the directory: HAPI's plain {@link RestfulServer} with read and search for
 * HealthcareService, Location, Schedule, Slot and Organization served from a {@link ResourceIndex}. Mount it as a
 * servlet at {@code /fhir/*}.
 *
 * <p>Paging: {@code _count} (default 20, at most 500) with {@code next} links kept in memory (results holding
 * up to 500,000 matches together, 30 minutes after last use). Rendered responses are cached until the index
 * changes. Answers JSON (default) or XML, ETags from version ids, 400 OperationOutcome for unsupported parameters
 * ({@link RequestGuardInterceptor}), 405 with {@code Allow} for writes, and 503 until {@code ready} says the index
 * is loaded; {@code POST [type]/$validate} ({@link DirectoryValidateProvider}, bodies up to {@link
 * #MAXIMUM_BODY_BYTES}). Sends no {@code X-Powered-By}. Mount it behind {@code web.WebFront}, which checks the
 * request syntax and serves {@code HEAD} as {@code GET}.
 */
public final class DirectoryRestfulServer extends RestfulServer {

  private static final long serialVersionUID = 1L;

  /** Default page size when {@code _count} is absent. */
  public static final int DEFAULT_PAGE_SIZE = 20;

  /** Memory given to rendered responses (32 MiB: the hot reads and searches; the heap is sized for the index). */
  public static final long RESPONSE_CACHE_BYTES = 32L << 20;

  private static final String ACCEPT_ENCODING = "Accept-Encoding";

  private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");

  /** The types served here, all read-only. */
  private static final Set<String> DIRECTORY_TYPES =
      Set.of("HealthcareService", "Location", "Organization", "Schedule", "Slot", "CodeSystem");

  private final transient RequestGuardInterceptor guard;

  /** Largest request body read (a resource sent to {@code $validate}; a declared longer one answers 413). */
  public static final long MAXIMUM_BODY_BYTES = 1L << 20;

  /** Largest page size honoured. */
  public static final int MAXIMUM_PAGE_SIZE = 500;

  /**
   * A server reading the index.
   *
   * @param index the index harvesting fills (through {@link ResourceIndex#apply})
   * @param activitySelfAndDescendants an activity-list code and all its narrower codes, for {@code
   *     service-type:below} (wire {@code ActivityList.bundled()::selfAndDescendants})
   * @param postcodes UK postcode district centroids, for {@code postcode}
   * @param ready true once the stored data is loaded into the index; before that every request but {@code
   *     /metadata} gets 503
   * @param clock the clock giving "now" (date prefix {@code ap})
   */
  public DirectoryRestfulServer(
      ResourceIndex index,
      Function<String, Set<String>> activitySelfAndDescendants,
      PostcodeDistricts postcodes,
      BooleanSupplier ready,
      Clock clock) {
    this(index, activitySelfAndDescendants, postcodes, ready, clock, List.of());
  }

  /**
   * A server reading the index that also serves the FHIR package's conformance resources and terminology
   * operations, plus further code systems (each with an id) whose url the package does not have.
   *
   * @param codeSystems further code systems served at {@code CodeSystem/<id>}
   */
  public DirectoryRestfulServer(
      ResourceIndex index,
      Function<String, Set<String>> activitySelfAndDescendants,
      PostcodeDistricts postcodes,
      BooleanSupplier ready,
      Clock clock,
      List<CodeSystem> codeSystems) {
    super(FhirContext.forR4Cached());
    setServerName("Activity FHIR directory");
    setImplementationDescription("OpenActive physical activity directory as FHIR R4 (read and search)");
    setDefaultResponseEncoding(EncodingEnum.JSON);
    setETagSupport(ETagSupportEnum.ENABLED);
    SearchPagingProvider paging = new SearchPagingProvider(500_000); // about 16 MB of matches
    paging.setDefaultPageSize(DEFAULT_PAGE_SIZE);
    paging.setMaximumPageSize(MAXIMUM_PAGE_SIZE);
    setPagingProvider(paging);
    setDefaultPageSize(DEFAULT_PAGE_SIZE);
    setMaximumPageSize(MAXIMUM_PAGE_SIZE);

    SearchCache cache = new SearchCache(index, 500_000); // about 16 MB of hits
    PageAssembler assembler = new PageAssembler(index);
    ReadSupport reads = new ReadSupport(index);
    ParamBinder binder = new ParamBinder(postcodes);
    ServiceTypeExpander serviceTypes = new ServiceTypeExpander(activitySelfAndDescendants);
    ReverseChains chains = new ReverseChains(index);
    List<IResourceProvider> providers =
        new ArrayList<>(
            List.of(
            new HealthcareServiceProvider(
                new HealthcareServiceSearchService(index), serviceTypes, binder, cache, assembler, reads, chains),
            new LocationProvider(new LocationSearchService(index), binder, cache, assembler, reads, chains),
            new ScheduleProvider(
                new ScheduleSearchService(index), serviceTypes, cache, assembler, reads, chains),
            new SlotProvider(new SlotSearchService(index, clock), serviceTypes, cache, assembler, reads),
            new OrganizationProvider(new OrganizationSearchService(index), cache, assembler, reads)));
    providers.forEach(chains::register);
    ConformanceProviders conformance = ConformanceProviders.of(ConformanceResources.bundled(), codeSystems);
    providers.addAll(conformance.resourceProviders());
    setResourceProviders(providers);
    registerProvider(conformance.terminology());
    registerProvider(
        new DirectoryValidateProvider(new ValidateOperation(FhirValidation::published, getFhirContext())));
    DeclaredSearches declared =
        DeclaredSearches.of(ConformanceResources.bundled(), RequestGuardInterceptor.DIRECTORY_TYPES);
    this.guard = new RequestGuardInterceptor(ready, declared);
    ApiDocs.register(this); // before the guard's hooks: the page and the description are not searches
    registerInterceptor(guard);
    registerInterceptor(new DistanceInterceptor());
    registerInterceptor(new SearchPageInterceptor(index));
    registerInterceptor(new ResponseCacheInterceptor(index, RESPONSE_CACHE_BYTES));
    registerInterceptor(new OperationOutcomeInterceptor());
    setServerConformanceProvider(new DirectoryCapabilityStatementProvider(this, declared));
  }

  /**
   * Serves the request through a {@link BufferedTextResponse}: one UTF-8 encode and one write per body, compressed
   * there rather than by HAPI (which is not told the client accepts gzip), so the response cache gets the text.
   */
  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws ServletException, IOException {
    String allowed = allowedIfWrite(request);
    if (allowed != null) {
      response.setHeader("Allow", allowed);
      OperationOutcomeJson.send(
          response,
          405,
          request.getMethod() + " is not allowed: the directory is read-only (allowed: " + allowed + ")");
      return;
    }
    if (request.getContentLengthLong() > MAXIMUM_BODY_BYTES) {
      OperationOutcomeJson.send(response, 413, "The request body is larger than " + MAXIMUM_BODY_BYTES + " bytes");
      return;
    }
    BufferedTextResponse buffered = new BufferedTextResponse(response, acceptsGzip(request));
    super.service(new WithoutAcceptEncoding(new LimitedBodyRequest(request, MAXIMUM_BODY_BYTES)), buffered);
    buffered.finish();
  }

  /**
   * For a write (POST, PUT, PATCH, DELETE) to a directory type, the methods its path allows (a 405 is due); else
   * null. Only {@code POST Type/_search} writes nothing.
   */
  private static @Nullable String allowedIfWrite(HttpServletRequest request) {
    if (!WRITES.contains(request.getMethod())) {
      return null;
    }
    String path = request.getPathInfo() == null ? "" : request.getPathInfo();
    String[] segments = path.startsWith("/") ? path.substring(1).split("/", -1) : path.split("/", -1);
    if (!DIRECTORY_TYPES.contains(segments[0])) {
      return null;
    }
    boolean search = segments.length == 2 && segments[1].equals("_search");
    boolean validate = segments.length == 2 && segments[1].equals("$validate");
    if ((search || validate) && request.getMethod().equals("POST")) {
      return null;
    }
    return search ? "GET, HEAD, POST" : "GET, HEAD";
  }

  /** Checks readiness and parameters ({@link RequestGuardInterceptor#guard}) after HAPI's own checks. */
  @Override
  protected void validateRequest(ServletRequestDetails request) {
    super.validateRequest(request);
    guard.guard(request);
  }

  /** Leaves out HAPI's {@code X-Powered-By} header, which names HAPI's version. */
  @Override
  public void addHeadersToResponse(HttpServletResponse response) {}

  /** Whether {@code Accept-Encoding} names gzip with a quality above zero (Jetty's parser of quality lists). */
  private static boolean acceptsGzip(HttpServletRequest request) {
    QuotedQualityCSV accepted = new QuotedQualityCSV();
    for (Enumeration<String> values = request.getHeaders(ACCEPT_ENCODING); values.hasMoreElements(); ) {
      accepted.addValue(values.nextElement());
    }
    return accepted.getValues().stream().anyMatch("gzip"::equalsIgnoreCase);
  }

  /** The request without its {@code Accept-Encoding}, so that HAPI writes text and leaves compression to us. */
  private static final class WithoutAcceptEncoding extends HttpServletRequestWrapper {
    WithoutAcceptEncoding(HttpServletRequest request) {
      super(request);
    }

    @Override
    public @Nullable String getHeader(String name) {
      return ACCEPT_ENCODING.equalsIgnoreCase(name) ? null : super.getHeader(name);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
      return ACCEPT_ENCODING.equalsIgnoreCase(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
    }
  }
}
