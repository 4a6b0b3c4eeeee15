package dev.activityfhir.server.fhir.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NearTest {

  private static final double EARTH_RADIUS_KM = 6371.0088;

  /** Every point just inside the circle lies inside both bands, wherever the circle is. */
  @ParameterizedTest
  @CsvSource({
    "51.47, -0.07, 5",
    "0, 0, 50",
    "-33.87, 151.21, 20",
    "70.0, 25.0, 300",
    "51.5, 179.99, 10",
    "-51.5, -179.99, 10",
    "89.99, 10, 5"
  })
  void theBandsHoldEveryPointWithinTheDistance(double latitude, double longitude, double km) {
    Near near = new Near(latitude, longitude, km);
    for (int bearing = 0; bearing < 360; bearing++) {
      double[] point = destination(latitude, longitude, bearing, km * 0.9999);
      assertThat(near.distanceTo(point[0], point[1])).isCloseTo(km * 0.9999, within(1e-6));
      assertThat(Math.abs(point[0] - latitude)).isLessThanOrEqualTo(near.latitudeBandDegrees());
      assertThat(near.longitudeGap(point[1])).isLessThanOrEqualTo(near.longitudeBandDegrees());
    }
  }

  @ParameterizedTest
  @CsvSource({"51.47, -0.07, 5, 0.0723", "0, 0, 50, 0.4497", "89.99, 10, 5, 180"})
  void theLongitudeBandWidensTowardsThePoles(double latitude, double longitude, double km, double band) {
    assertThat(new Near(latitude, longitude, km).longitudeBandDegrees()).isCloseTo(band, within(0.0001));
  }

  @ParameterizedTest
  @CsvSource({"179.5, -179.5, 1.0", "-0.07, 0.03, 0.1", "10, 370, 0"})
  void theLongitudeGapCrossesTheAntimeridian(double from, double to, double gap) {
    assertThat(new Near(0, from, 1).longitudeGap(to)).isCloseTo(gap, within(1e-9));
  }

  /** The point {@code km} from a start on a bearing (degrees from north), along the great circle. */
  private static double[] destination(double latitude, double longitude, double bearing, double km) {
    double angular = km / EARTH_RADIUS_KM;
    double lat1 = Math.toRadians(latitude);
    double theta = Math.toRadians(bearing);
    double lat2 =
        Math.asin(Math.sin(lat1) * Math.cos(angular) + Math.cos(lat1) * Math.sin(angular) * Math.cos(theta));
    double lon2 =
        Math.toRadians(longitude)
            + Math.atan2(
                Math.sin(theta) * Math.sin(angular) * Math.cos(lat1),
                Math.cos(angular) - Math.sin(lat1) * Math.sin(lat2));
    return new double[] {Math.toDegrees(lat2), (Math.toDegrees(lon2) + 540) % 360 - 180};
  }
}
