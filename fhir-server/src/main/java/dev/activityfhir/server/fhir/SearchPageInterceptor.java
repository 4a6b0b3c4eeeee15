package dev.activityfhir.server.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.SummaryEnum;
import ca.uhn.fhir.rest.api.server.IRestfulResponse;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.ResponseDetails;
import ca.uhn.fhir.rest.server.RestfulServerUtils;
import ca.uhn.fhir.rest.server.method.ElementsParameter;
import ca.uhn.fhir.util.DateUtils;
import dev.activityfhir.server.collect.ByteBuilder;
import dev.activityfhir.server.fhir.index.Indexed;
import dev.activityfhir.server.fhir.index.ResourceIndex;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.Resource;

/**
 * Finishes search pages built from {@link StandIns}. A plain JSON page is written here by {@link BundleJson}, with
 * each resource's stored JSON ({@link ResourceIndex#appendRenderedJson}): the bytes HAPI would write, without parsing or
 * encoding a resource. Any other page (XML, pretty-printed, or cut down by
 * {@code _summary}, {@code _elements} or {@code _count=0}) gets the rendered resources in place of the stand-ins
 * and is left to HAPI. Runs after {@link DistanceInterceptor}, which reads the stand-ins' distances.
 */
@Interceptor
public final class SearchPageInterceptor {

  private static final Set<SummaryEnum> NO_SUMMARY = Set.of(SummaryEnum.FALSE);

  private final ResourceIndex index;

  /** Finishes pages of resources indexed in {@code index}. */
  public SearchPageInterceptor(ResourceIndex index) {
    this.index = index;
  }

  /** Writes a plain JSON search page (returning false stops HAPI), or renders its stand-ins for HAPI to encode. */
  @Hook(value = Pointcut.SERVER_OUTGOING_RESPONSE, order = 100)
  public boolean finishPage(RequestDetails request, ResponseDetails details) throws IOException {
    if (!(details.getResponseResource() instanceof Bundle bundle)) {
      return true;
    }
    String[] total = request.getParameters().get(Constants.PARAM_SEARCH_TOTAL_MODE);
    String[] summary = request.getParameters().get(Constants.PARAM_SUMMARY);
    if (total != null && "none".equals(total[0]) && (summary == null || !"count".equals(summary[0]))) {
      bundle.setTotalElement(null); // the client said it needs no count (one _summary=count asks for still has it)
    }
    if (details.getResponseCode() == Constants.STATUS_HTTP_200_OK
        && bundle.getType() == Bundle.BundleType.SEARCHSET // a history page keeps HAPI's request and response
        && isPlainJsonSearch(request)) {
      IParser parser =
          RestfulServerUtils.getNewParser(request.getFhirContext(), bundle.getStructureFhirVersionEnum(), request);
      byte[] json = BundleJson.write(bundle, (page, resource) -> appendResourceJson(page, resource, parser));
      if (json != null) {
        write(request, bundle, json);
        return false;
      }
    }
    renderStandIns(bundle);
    return true;
  }

  /** Appends a stand-in's stored JSON when it can be spliced, else the parser's encoding of the resource. */
  private void appendResourceJson(ByteBuilder page, Resource resource, IParser parser) {
    Indexed<?> indexed = StandIns.entryOf(resource);
    if (indexed != null && index.appendRenderedJson(resource.fhirType(), indexed, page)) {
      return;
    }
    Resource whole = indexed == null ? resource : index.render(resource.fhirType(), indexed);
    page.write(parser.encodeResourceToString(whole).getBytes(StandardCharsets.UTF_8));
  }

  private void renderStandIns(Bundle bundle) {
    for (BundleEntryComponent entry : bundle.getEntry()) {
      Resource resource = entry.getResource();
      Indexed<?> indexed = resource == null ? null : StandIns.entryOf(resource);
      if (indexed != null) {
        entry.setResource(index.render(resource.fhirType(), indexed));
      }
    }
  }

  /** Sends the page with the headers HAPI's {@code RestfulServerUtils.streamResponseAsResource} gives a Bundle. */
  private static void write(RequestDetails request, Bundle bundle, byte[] json) throws IOException {
    IRestfulResponse response = request.getResponse();
    if (request.getRestOperationType() == RestOperationTypeEnum.GET_PAGE) {
      IIdType fullId =
          RestfulServerUtils.fullyQualifyResourceIdOrReturnNull(
              request.getServer(), bundle, request.getFhirServerBase(), bundle.getIdElement());
      if (fullId != null) {
        response.addHeader(Constants.HEADER_CONTENT_LOCATION, fullId.getValue());
      }
    }
    if (bundle.getMeta().getLastUpdated() != null) {
      response.addHeader(Constants.HEADER_LAST_MODIFIED, DateUtils.formatDate(bundle.getMeta().getLastUpdated()));
    }
    Writer writer =
        response.getResponseWriter(
            Constants.STATUS_HTTP_200_OK,
            RestfulServerUtils.determineResponseEncodingWithDefault(request).getResourceContentType(),
            Constants.CHARSET_NAME_UTF8,
            request.isRespondGzip());
    if (!BufferedTextResponse.sendWhole(request, json)) {
      writer.write(new String(json, StandardCharsets.UTF_8));
    }
    response.commitResponse(writer);
  }

  /** A search (or a further page of one) whose resources are written whole and compact, as JSON. */
  private static boolean isPlainJsonSearch(RequestDetails request) {
    RestOperationTypeEnum operation = request.getRestOperationType();
    if (operation != RestOperationTypeEnum.SEARCH_TYPE && operation != RestOperationTypeEnum.GET_PAGE) {
      return false;
    }
    String[] count = request.getParameters().get(Constants.PARAM_COUNT);
    return RestfulServerUtils.determineResponseEncodingWithDefault(request).getEncoding() == EncodingEnum.JSON
        && !RestfulServerUtils.prettyPrintResponse(request.getServer(), request)
        && NO_SUMMARY.equals(RestfulServerUtils.determineSummaryMode(request))
        && ElementsParameter.getElementsValueOrNull(request, false) == null
        && ElementsParameter.getElementsValueOrNull(request, true) == null
        && (count == null || count.length == 0 || !"0".equals(count[0]));
  }
}
