package dev.activityfhir.server.auth;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The organisation a caller acts for, as tokens and client registrations name it: an ODS code ({@code A81001}, also
 * given as {@code https://fhir.nhs.uk/Id/ods-organization-code|A81001}) or a directory Organization ({@code
 * Organization/<id>}). Normalised to the forms {@link Caller#organization()} documents.
 */
public final class CallerOrganization {

  /** The NHS system of ODS organisation codes. */
  public static final String ODS_SYSTEM = "https://fhir.nhs.uk/Id/ods-organization-code";

  private static final Pattern ODS_CODE = Pattern.compile("[A-Za-z0-9]{3,12}");
  private static final Pattern FHIR_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");

  private CallerOrganization() {}

  /**
   * @return the organisation in normal form ({@code A81001} upper-cased, or {@code Organization/<id>}), or empty
   *     when {@code raw} is neither an ODS code nor a directory Organization reference
   */
  public static Optional<String> normalise(String raw) {
    String value = raw.trim();
    if (value.startsWith(Caller.PROVIDER_PREFIX)) {
      String id = value.substring(Caller.PROVIDER_PREFIX.length());
      return FHIR_ID.matcher(id).matches() ? Optional.of(Caller.PROVIDER_PREFIX + id) : Optional.empty();
    }
    if (value.startsWith(ODS_SYSTEM + "|")) {
      value = value.substring(ODS_SYSTEM.length() + 1);
    }
    return ODS_CODE.matcher(value).matches()
        ? Optional.of(value.toUpperCase(Locale.ROOT))
        : Optional.empty();
  }
}
