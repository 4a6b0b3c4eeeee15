package dev.activityfhir.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ResourceIdsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String FHIR_ID = "[A-Za-z0-9\\-.]{1,64}";

  @Test
  void idsAreValidStableAndDistinct() {
    String series = "https://example.com/api/session-series/1402CBP20150217";
    assertThat(ResourceIds.healthcareService(series))
        .matches(FHIR_ID)
        .hasSize(32)
        .isEqualTo(ResourceIds.healthcareService(series))
        .isEqualTo(ResourceIds.schedule(series))
        .isNotEqualTo(ResourceIds.healthcareService(series + "/2"))
        .isNotEqualTo(ResourceIds.slot(series));
  }

  @Test
  void itemKeyIsTheAtIdElseFeedAndRpdeId() throws Exception {
    OpenActiveItem withId =
        item(JSON.readTree("{\"@type\":\"SessionSeries\",\"@id\":\"https://a/1\"}"));
    OpenActiveItem withoutId = item(JSON.readTree("{\"@type\":\"SessionSeries\"}"));
    assertThat(ResourceIds.itemKey(withId)).isEqualTo("https://a/1");
    assertThat(ResourceIds.itemKey(withoutId)).isEqualTo("https://feed.example/series#42");
  }

  @Test
  void aPlaceWithoutIdIsKeyedByNamePostcodeAndGeo() throws Exception {
    String place =
        "{\"name\":\"Hall\",\"address\":{\"postalCode\":\"E1 6AN\"},"
            + "\"geo\":{\"latitude\":51.5,\"longitude\":\"-0.07\"}}";
    String samePlaceOtherSpelling =
        "{\"name\":\" hall \",\"address\":{\"postalCode\":\"e1 6an\"},"
            + "\"geo\":{\"latitude\":\"51.50000\",\"longitude\":-0.070}}";
    assertThat(ResourceIds.location(JSON.readTree(place)))
        .isPresent()
        .isEqualTo(ResourceIds.location(JSON.readTree(samePlaceOtherSpelling)));
    assertThat(ResourceIds.location(JSON.readTree("{\"@type\":\"Place\"}"))).isEmpty();
    assertThat(ResourceIds.location(JSON.readTree("{\"@id\":\"https://p/1\",\"name\":\"Hall\"}")))
        .contains(ResourceIds.hash("Location https://p/1"));
    // imin points at a summary elsewhere in its response: nothing to show, no Location.
    assertThat(ResourceIds.location(JSON.readTree("{\"id\":\"#/imin:locationSummary/x\"}"))).isEmpty();
  }

  @Test
  void anOrganizationIsKeyedByIdElseNameAndUrl() throws Exception {
    assertThat(ResourceIds.organization(JSON.readTree("{\"@id\":\"https://o/1\",\"name\":\"A\"}")))
        .contains(ResourceIds.hash("Organization https://o/1"));
    assertThat(ResourceIds.organization(JSON.readTree("{\"name\":\"Better\",\"url\":\"https://b\"}")))
        .contains(ResourceIds.hash("Organization better|https://b"));
    assertThat(ResourceIds.organization(JSON.readTree("{}"))).isEmpty();
  }

  private static OpenActiveItem item(com.fasterxml.jackson.databind.JsonNode data) {
    return new OpenActiveItem(
        "https://feed.example/series", "42", "1", data, Instant.EPOCH, "https://creativecommons.org/licenses/by/4.0/");
  }
}
