package dev.activityfhir.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A Place's coordinates, read from {@code geo.latitude}/{@code geo.longitude} given as numbers or
 * strings. 0,0 ("Null Island") and out-of-range values mean the publisher did not know them.
 */
record GeoPoint(BigDecimal latitude, BigDecimal longitude) {

  private static final BigDecimal MAX_LATITUDE = BigDecimal.valueOf(90);
  private static final BigDecimal MAX_LONGITUDE = BigDecimal.valueOf(180);

  /** The coordinates of a Place node, when known. */
  static Optional<GeoPoint> of(@Nullable JsonNode place) {
    JsonNode geo = JsonLd.get(place, "geo");
    BigDecimal latitude = JsonLd.number(geo, "latitude");
    BigDecimal longitude = JsonLd.number(geo, "longitude");
    if (latitude == null || longitude == null) {
      return Optional.empty();
    }
    if (latitude.signum() == 0 && longitude.signum() == 0) {
      return Optional.empty();
    }
    if (latitude.abs().compareTo(MAX_LATITUDE) > 0 || longitude.abs().compareTo(MAX_LONGITUDE) > 0) {
      return Optional.empty();
    }
    return Optional.of(new GeoPoint(latitude, longitude));
  }

  /** A key for de-duplicating places: the coordinates rounded to about a metre. */
  String key() {
    return round(latitude) + "," + round(longitude);
  }

  private static String round(BigDecimal value) {
    return value.setScale(5, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
  }
}
