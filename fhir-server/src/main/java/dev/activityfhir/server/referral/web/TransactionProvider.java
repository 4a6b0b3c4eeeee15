package dev.activityfhir.server.referral.web;

import ca.uhn.fhir.rest.annotation.Transaction;
import ca.uhn.fhir.rest.annotation.TransactionParam;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.PreferReturnEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.RestfulServerUtils;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import dev.activityfhir.server.auth.Caller;
import dev.activityfhir.server.problem.FhirProblem;
import dev.activityfhir.server.problem.OperationOutcomeInterceptor;
import dev.activityfhir.server.referral.ReferralService;
import dev.activityfhir.server.referral.Written;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.Bundle.BundleEntryResponseComponent;
import org.hl7.fhir.r4.model.Bundle.BundleType;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Resource;
import org.jspecify.annotations.Nullable;

/**
 * Transaction and batch Bundles posted to the base URL. A transaction's entries are written in one database
 * transaction (all or none), creates first in the order Patient, Consent, ServiceRequest so that {@code urn:uuid:}
 * references resolve; a refusal names the failing entry's element ({@code Bundle.entry[2].resource.subject}). A
 * batch's entries are written each on their own. One response entry per request entry, in order, shaped by {@code
 * Prefer: return=minimal|representation|OperationOutcome}.
 */
public final class TransactionProvider {

  private static final List<String> CREATE_ORDER = List.of("Patient", "Consent", "ServiceRequest");

  private final ReferralServiceRef services;

  public TransactionProvider(ReferralServiceRef services) {
    this.services = services;
  }

  @Transaction
  public Bundle transaction(@TransactionParam Bundle bundle, RequestDetails details) {
    Caller caller = Callers.of(details);
    ReferralService service = services.get();
    PreferReturnEnum prefer = preferredReturn(details);
    if (bundle.getType() == BundleType.TRANSACTION) {
      // A copy per attempt: the service runs the work again when a concurrent write took one of its identifiers.
      List<Written> written =
          service.inTransaction(caller, resources(bundle), writes -> writeAll(writes, bundle.copy()));
      Bundle response = new Bundle().setType(BundleType.TRANSACTIONRESPONSE);
      written.forEach(w -> answer(response.addEntry(), w, prefer));
      return response;
    }
    if (bundle.getType() == BundleType.BATCH) {
      Bundle response = new Bundle().setType(BundleType.BATCHRESPONSE);
      for (int i = 0; i < bundle.getEntry().size(); i++) {
        BundleEntryComponent entry = bundle.getEntry().get(i);
        int index = i;
        try {
          Written one =
              service.inTransaction(
                  caller, resources(List.of(entry)), writes -> write(writes, entry.copy(), index));
          answer(response.addEntry(), one, prefer);
        } catch (RuntimeException e) {
          BaseServerResponseException answer = OperationOutcomeInterceptor.translate(e);
          response
              .addEntry()
              .setResponse(
                  new BundleEntryResponseComponent()
                      .setStatus(Integer.toString(answer.getStatusCode()))
                      .setOutcome((OperationOutcome) answer.getOperationOutcome()));
        }
      }
      return response;
    }
    throw FhirProblem.badRequest("The base URL takes a transaction or batch Bundle", "Bundle.type");
  }

  private static List<Resource> resources(Bundle bundle) {
    return resources(bundle.getEntry());
  }

  private static List<Resource> resources(List<BundleEntryComponent> entries) {
    return entries.stream().map(BundleEntryComponent::getResource).filter(r -> r != null).toList();
  }

  private static @Nullable PreferReturnEnum preferredReturn(RequestDetails details) {
    String header = details.getHeader(Constants.HEADER_PREFER);
    return header == null ? null : RestfulServerUtils.parsePreferHeader(header).getReturn();
  }

  private static List<Written> writeAll(ReferralService.Writes writes, Bundle bundle) {
    List<BundleEntryComponent> entries = bundle.getEntry();
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      order.add(i);
    }
    order.sort(Comparator.comparingInt(i -> rank(entries.get(i))));
    Written[] results = new Written[entries.size()];
    for (int i : order) {
      try {
        results[i] = write(writes, entries.get(i), i);
      } catch (FhirProblem problem) {
        throw inEntry(problem, i, entries.get(i).getResource());
      }
      String fullUrl = entries.get(i).getFullUrl();
      if (fullUrl != null && fullUrl.startsWith("urn:uuid:")) {
        Resource resource = results[i].resource();
        writes.alias(fullUrl, resource.fhirType() + "/" + resource.getIdElement().getIdPart());
      }
    }
    return List.of(results);
  }

  /**
   * The refusal of entry i of a transaction, its element paths located in the Bundle: {@code ServiceRequest.subject}
   * becomes {@code Bundle.entry[i].resource.subject}, a conditional header its {@code request} element.
   */
  static FhirProblem inEntry(FhirProblem problem, int index, @Nullable Resource resource) {
    String entry = "Bundle.entry[" + index + "]";
    String type = resource == null ? null : resource.fhirType();
    return problem.withExpressions(
        path -> {
          if (path.startsWith("Bundle.")) {
            return path;
          }
          if (type != null && (path.equals(type) || path.startsWith(type + ".") || path.startsWith(type + "["))) {
            return entry + ".resource" + path.substring(type.length());
          }
          return switch (path) {
            case "If-None-Exist" -> entry + ".request.ifNoneExist";
            case "If-Match" -> entry + ".request.ifMatch";
            default -> entry + "." + path;
          };
        },
        entry);
  }

  /** Creates before updates; creates by type so that references point backwards. */
  private static int rank(BundleEntryComponent entry) {
    if (entry.getRequest().getMethod() != HTTPVerb.POST) {
      return CREATE_ORDER.size() + 1;
    }
    int at = CREATE_ORDER.indexOf(entry.getResource() == null ? "" : entry.getResource().fhirType());
    return at < 0 ? CREATE_ORDER.size() : at;
  }

  private static Written write(ReferralService.Writes writes, BundleEntryComponent entry, int index) {
    String path = "Bundle.entry[" + index + "]";
    Resource resource = entry.getResource();
    if (resource == null) {
      throw FhirProblem.badRequest("Each entry carries a resource", path + ".resource");
    }
    HTTPVerb method = entry.getRequest().getMethod();
    if (method == HTTPVerb.POST) {
      String ifNoneExist = entry.getRequest().getIfNoneExist();
      return writes.create(resource, ifNoneExist == null || ifNoneExist.isBlank() ? null : ifNoneExist);
    }
    if (method == HTTPVerb.PUT) {
      String url = entry.getRequest().getUrl();
      String[] parts = url == null ? new String[0] : url.split("\\?")[0].split("/");
      if (parts.length != 2 || !parts[0].equals(resource.fhirType())) {
        throw FhirProblem.badRequest("A PUT entry's request.url is Type/id of its resource", path + ".request.url");
      }
      resource.setId(parts[0] + "/" + parts[1]);
      String ifMatch = entry.getRequest().getIfMatch();
      Long expected = null;
      if (ifMatch != null && !ifMatch.isBlank()) {
        try {
          expected = Long.parseLong(ifMatch.replace("W/", "").replace("\"", "").trim());
        } catch (NumberFormatException e) {
          throw FhirProblem.badRequest("If-Match takes a version ETag", path + ".request.ifMatch");
        }
      }
      return writes.update(resource, expected);
    }
    throw FhirProblem.badRequest("Entries may POST or PUT, not " + method, path + ".request.method");
  }

  /**
   * One response entry: status, location, ETag and last-modified always; the resource as stored for {@code
   * return=representation}; an informational OperationOutcome for {@code return=OperationOutcome}.
   */
  private static void answer(BundleEntryComponent entry, Written written, @Nullable PreferReturnEnum prefer) {
    Resource resource = written.resource();
    String version = resource.getMeta().getVersionId();
    String reference = resource.fhirType() + "/" + resource.getIdElement().getIdPart();
    BundleEntryResponseComponent response =
        entry
            .getResponse()
            .setStatus(written.created() ? "201 Created" : "200 OK")
            .setLocation(reference + "/_history/" + version)
            .setEtag("W/\"" + version + "\"")
            .setLastModified(resource.getMeta().getLastUpdated());
    if (prefer == PreferReturnEnum.REPRESENTATION) {
      entry.setFullUrl(reference).setResource(resource);
    } else if (prefer == PreferReturnEnum.OPERATION_OUTCOME) {
      response.setOutcome(ReferralResourceProvider.said(written));
    }
  }
}
