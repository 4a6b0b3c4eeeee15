package dev.activityfhir.server.referral;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.activityfhir.server.problem.FhirProblem;
import dev.activityfhir.server.referral.store.SearchQuery;
import dev.activityfhir.server.referral.store.SearchQuery.Criterion;
import dev.activityfhir.server.referral.store.SearchQuery.DateMatch;
import dev.activityfhir.server.referral.store.SearchQuery.DatePrefix;
import dev.activityfhir.server.referral.store.SearchQuery.TokenMatch;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** URL parameters to a {@link ReferralSearch}, apart from running it. */
final class ReferralSearchBinderTest {

  private static Map<String, String[]> params(String... pairs) {
    Map<String, String[]> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put(pairs[i], new String[] {pairs[i + 1]});
    }
    return map;
  }

  @Test
  void bindsTokensReferencesDatesIncludesSortAndCount() {
    ReferralSearch search =
        ReferralSearchBinder.bind(
            "ServiceRequest",
            params(
                "identifier", "https://gp.example.org/referral-id|REF-1",
                "performer", "http://127.0.0.1:8080/fhir/HealthcareService/hs-1",
                "status", "active,on-hold",
                "authored", "ge2026-03",
                "subject:identifier", "https://fhir.nhs.uk/Id/nhs-number|9434765919",
                "_include", "ServiceRequest:patient",
                "_revinclude", "Task:focus",
                "_sort", "-authored",
                "_count", "1000",
                "_format", "json"));

    assertThat(search.criteria())
        .containsExactly(
            new Criterion("identifier", List.of(new TokenMatch("https://gp.example.org/referral-id", "REF-1"))),
            new Criterion("performer", List.of(new TokenMatch(null, "HealthcareService/hs-1"))),
            new Criterion("status", List.of(new TokenMatch(null, "active"), new TokenMatch(null, "on-hold"))),
            new Criterion(
                "authored",
                List.of(
                    new DateMatch(
                        DatePrefix.GE,
                        Instant.parse("2026-03-01T00:00:00Z").toEpochMilli(),
                        Instant.parse("2026-04-01T00:00:00Z").toEpochMilli() - 1))));
    assertThat(search.subjectIdentifiers())
        .containsExactly(new Criterion("identifier", List.of(new TokenMatch("https://fhir.nhs.uk/Id/nhs-number", "9434765919"))));
    assertThat(search.includes()).containsExactly("ServiceRequest:patient");
    assertThat(search.revIncludes()).containsExactly("Task:focus");
    assertThat(search.sort()).isEqualTo(new SearchQuery.Sort("authored", true));
    assertThat(search.count()).isEqualTo(ReferralSearchBinder.MAXIMUM_COUNT);
  }

  @Test
  void unknownOrMalformedParametersAnswer400NamingThem() {
    assertThatThrownBy(() -> ReferralSearchBinder.bind("Task", params("colour", "red")))
        .isInstanceOfSatisfying(FhirProblem.class, p -> assertThat(p.issues().get(0).expression()).containsExactly("colour"));
    assertThatThrownBy(() -> ReferralSearchBinder.bind("ServiceRequest", params("authored", "zz2026")))
        .isInstanceOf(FhirProblem.class);
    assertThatThrownBy(() -> ReferralSearchBinder.bind("ServiceRequest", params("authored", "2026-13-40")))
        .isInstanceOf(FhirProblem.class);
    assertThatThrownBy(() -> ReferralSearchBinder.bind("ServiceRequest", params("_include", "ServiceRequest:based-on")))
        .isInstanceOf(FhirProblem.class);
    assertThatThrownBy(() -> ReferralSearchBinder.bind("Patient", params("_sort", "family")))
        .isInstanceOf(FhirProblem.class);
    assertThatThrownBy(() -> ReferralSearchBinder.bind("Patient", params("_count", "-1")))
        .isInstanceOf(FhirProblem.class);
  }

  @Test
  void datesCoverTheirPrecision() {
    assertThat(DateRange.parse("2026")).isEqualTo(
        new DateRange(Instant.parse("2026-01-01T00:00:00Z").toEpochMilli(), Instant.parse("2027-01-01T00:00:00Z").toEpochMilli() - 1));
    assertThat(DateRange.parse("2026-03-01T10:00:00+01:00")).isEqualTo(
        new DateRange(Instant.parse("2026-03-01T09:00:00Z").toEpochMilli(), Instant.parse("2026-03-01T09:00:01Z").toEpochMilli() - 1));
    assertThat(DateRange.parse("2026-03-01T10:00:00.250Z").low()).isEqualTo(DateRange.parse("2026-03-01T10:00:00.250Z").high());
    assertThat(DateRange.parse("yesterday")).isNull();
  }
}
