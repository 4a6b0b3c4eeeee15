package dev.activityfhir.server.web;

import jakarta.servlet.GenericServlet;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import java.util.function.Predicate;

/**
 * {@code /fhir/*}: sends each request to the side that owns it. The referral side gets its resource types, POSTs to
 * the base URL (transaction and batch Bundles) and its own search pages; the directory gets everything else (its
 * types, {@code metadata}, CodeSystem). The two sides share nothing on the way: the directory's response cache and
 * early answers never see a referral request, and the referral side authenticates every request it gets.
 */
public final class FhirRouterServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  private final GenericServlet directory;
  private final GenericServlet referrals;
  private final Set<String> referralTypes;
  private final Predicate<String> referralSearchId;

  /**
   * @param directory the directory's FHIR servlet
   * @param referrals the referral side's FHIR servlet
   * @param referralTypes the resource types the referral side owns
   * @param referralSearchId true for a {@code _getpages} id of the referral side
   */
  public FhirRouterServlet(
      GenericServlet directory,
      GenericServlet referrals,
      Set<String> referralTypes,
      Predicate<String> referralSearchId) {
    this.directory = directory;
    this.referrals = referrals;
    this.referralTypes = Set.copyOf(referralTypes);
    this.referralSearchId = referralSearchId;
  }

  @Override
  public void init(ServletConfig config) throws ServletException {
    super.init(config);
    directory.init(config);
    referrals.init(config);
  }

  @Override
  public void destroy() {
    referrals.destroy();
    directory.destroy();
  }

  @Override
  public void service(ServletRequest request, ServletResponse response) throws ServletException, IOException {
    HttpServletRequest http = (HttpServletRequest) request;
    (ownedByReferrals(http) ? referrals : directory).service(request, (HttpServletResponse) response);
  }

  private boolean ownedByReferrals(HttpServletRequest request) {
    String path = request.getPathInfo();
    String first = "";
    if (path != null) {
      String trimmed = path.startsWith("/") ? path.substring(1) : path;
      int slash = trimmed.indexOf('/');
      first = slash < 0 ? trimmed : trimmed.substring(0, slash);
    }
    if (!first.isEmpty()) {
      return referralTypes.contains(first);
    }
    if (request.getMethod().equals("POST")) {
      return true;
    }
    String pages = request.getParameter("_getpages");
    return pages != null && referralSearchId.test(pages);
  }
}
