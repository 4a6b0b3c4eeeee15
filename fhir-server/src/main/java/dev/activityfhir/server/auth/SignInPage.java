package dev.activityfhir.server.auth;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The HTML of the built-in sign-in page: a labelled username and password form that posts back with the pending
 * request's one-time id, the error after a wrong name or password (the same whichever was wrong), a way back
 * without signing in, and, in the default demo run only, the demo users and their passwords. No script; styles
 * from {@code /auth/sign-in.css}. Every value written is escaped.
 */
final class SignInPage {

  private SignInPage() {}

  /** The form for a pending request. */
  static String form(SignInOutcome.Form form, boolean showDemoUsers) {
    boolean failed = form.error() != null;
    StringBuilder html = new StringBuilder(4096);
    start(html, failed ? "Error: Sign in" : "Sign in");
    html.append("<h1>Sign in to refer and follow referrals</h1>\n");
    html.append("<p class=\"hint\">Link workers refer people to activities; activity providers see and answer the")
        .append(" referrals to their services. The activity search needs no sign-in.</p>\n");
    html.append("<div class=\"panel\">\n");
    if (failed) {
      html.append("<p class=\"error\" id=\"sign-in-error\" role=\"alert\">")
          .append(escape(form.error()))
          .append("</p>\n");
    }
    String invalid = failed ? " aria-invalid=\"true\" aria-describedby=\"sign-in-error\"" : "";
    html.append("<form method=\"post\" action=\"authorize\" novalidate>\n")
        .append("<input type=\"hidden\" name=\"request_id\" value=\"")
        .append(escape(form.requestId()))
        .append("\">\n")
        .append("<div class=\"field\"><label for=\"username\">Username</label>")
        .append("<input class=\"input\" id=\"username\" name=\"username\" type=\"text\" autocomplete=\"username\"")
        .append(" autocapitalize=\"none\" spellcheck=\"false\" required")
        .append(invalid)
        .append(failed ? "" : " autofocus")
        .append(" value=\"")
        .append(escape(form.username() == null ? "" : form.username()))
        .append("\"></div>\n")
        .append("<div class=\"field\"><label for=\"password\">Password</label>")
        .append("<input class=\"input\" id=\"password\" name=\"password\" type=\"password\"")
        .append(" autocomplete=\"current-password\" required")
        .append(invalid)
        .append(failed ? " autofocus" : "")
        .append("></div>\n")
        .append("<div class=\"actions\"><button class=\"button\" type=\"submit\">Sign in</button>\n")
        .append("<a href=\"")
        .append(escape(cancel(form.request())))
        .append("\">Go back without signing in</a></div>\n")
        .append("</form>\n</div>\n");
    if (showDemoUsers) {
      demoUsers(html);
    }
    return end(html);
  }

  /** A page saying why sign-in cannot go on, with no form and no redirect. */
  static String stopped(String message) {
    StringBuilder html = new StringBuilder(1024);
    start(html, "Sign-in problem");
    html.append("<h1>Sign-in problem</h1>\n<div class=\"panel\"><p role=\"alert\">")
        .append(escape(message))
        .append("</p><p><a href=\"../\">Go to the Activity Finder</a></p></div>\n");
    return end(html);
  }

  private static void demoUsers(StringBuilder html) {
    html.append("<section class=\"demo\" aria-labelledby=\"demo-heading\">\n")
        .append("<h2 id=\"demo-heading\">Demo users</h2>\n")
        .append("<p>This server runs on demo data, with demo users: they are not real people, and their")
        .append(" passwords are public. A real deployment lists its own users or uses its own sign-in.</p>\n")
        .append("<table><thead><tr><th scope=\"col\">Username</th><th scope=\"col\">Password</th>")
        .append("<th scope=\"col\">Who</th></tr></thead><tbody>\n");
    for (List<String> user : DemoUsers.CREDENTIALS) {
      html.append("<tr><td><code>")
          .append(escape(user.get(0)))
          .append("</code></td><td><code>")
          .append(escape(user.get(1)))
          .append("</code></td><td>")
          .append(escape(user.get(2)))
          .append("</td></tr>\n");
    }
    html.append("</tbody></table>\n</section>\n");
  }

  private static String cancel(AuthorizationRequest request) {
    Map<String, @Nullable String> parameters = new LinkedHashMap<>();
    parameters.put("error", "access_denied");
    parameters.put("error_description", "the person did not sign in");
    parameters.put("state", request.state());
    return AuthorizationEndpoint.withQuery(request.redirectUri(), parameters);
  }

  private static void start(StringBuilder html, String title) {
    html.append("<!doctype html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<meta name=\"robots\" content=\"noindex\">\n")
        .append("<title>")
        .append(escape(title))
        .append(" - Activity Finder</title>\n")
        .append("<link rel=\"icon\" href=\"icon.svg\" type=\"image/svg+xml\">\n")
        .append("<link rel=\"stylesheet\" href=\"sign-in.css\">\n</head>\n<body>\n")
        .append("<header class=\"site-header\"><div class=\"wrap\"><p class=\"brand\">")
        .append("<img src=\"icon.svg\" alt=\"\" width=\"32\" height=\"32\"><span>Activity Finder</span></p>")
        .append("</div></header>\n")
        .append("<main id=\"main\" class=\"wrap\">\n");
  }

  private static String end(StringBuilder html) {
    return html.append("</main>\n</body>\n</html>\n").toString();
  }

  static String escape(@Nullable String value) {
    if (value == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(value.length() + 16);
    for (char c : value.toCharArray()) {
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
