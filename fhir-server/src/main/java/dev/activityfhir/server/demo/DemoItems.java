package dev.activityfhir.server.demo;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.activityfhir.server.demo.Catalogue.ActivityTemplate;
import dev.activityfhir.server.demo.Catalogue.Provider;
import dev.activityfhir.server.demo.Catalogue.VenueKind;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * Builds the opportunity data of one demo item from its index alone, so pages can be generated lazily in any
 * order: every choice is drawn from a {@link SplittableRandom} seeded by (dataset seed, item kind, index).
 */
final class DemoItems {

  static final ZoneId LONDON = ZoneId.of("Europe/London");
  static final int WEEKS = 8;
  static final String SCHEMA_ORG = "https://schema.org/";
  static final String OPENACTIVE = "https://openactive.io/";

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm", Locale.ROOT);
  private static final DateTimeFormatter OFFSET_DATE_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX", Locale.ROOT);
  private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);
  private static final long SERIES_STREAM = 0x5E51E5L;
  private static final long SESSION_STREAM = 0x5E5510L;
  private static final long PLACE_STREAM = 0x91ACEL;
  private static final long FACILITY_STREAM = 0xFAC1L;
  private static final long SLOT_STREAM = 0x5107L;

  /** The plan of one SessionSeries: everything its sessions also need. */
  record SeriesPlan(int index, ActivityTemplate activity, Venue venue, Provider organizer, DayOfWeek[] days,
                    LocalTime start, int minutes, int capacity, int variant) {
    String atId(String idBase) {
      return idBase + "session-series/" + rpdeId(index);
    }
  }

  /** A fictional venue in a real postcode district; shared by every series drawn to the same place. */
  record Venue(String atId, String name, String street, String postcode, District district, VenueKind kind,
               double latitude, double longitude, String telephone) {}

  private final long seed;
  private final String idBase;
  private final LocalDate firstDate;
  private final List<District> districts;
  private final ConceptList activities;
  private final ConceptList accessibility;
  private final int[] daysPerSeries;

  DemoItems(long seed, String idBase, LocalDate firstDate, List<District> districts, ConceptList activities,
            ConceptList accessibility, int[] daysPerSeries) {
    this.seed = seed;
    this.idBase = idBase;
    this.firstDate = firstDate;
    this.districts = districts;
    this.activities = activities;
    this.accessibility = accessibility;
    this.daysPerSeries = daysPerSeries;
  }

  /** The RPDE id of series {@code index}: zero-padded so that string order equals numeric order. */
  static String rpdeId(int index) {
    return String.format(Locale.ROOT, "%06d", index);
  }

  private SplittableRandom random(long stream, long index) {
    long mixed = seed * 0x9E3779B97F4A7C15L + stream * 0xBF58476D1CE4E5B9L + index * 0x94D049BB133111EBL;
    return new SplittableRandom(mixed);
  }

  // ---------------------------------------------------------------- SessionSeries

  SeriesPlan plan(int index) {
    SplittableRandom r = random(SERIES_STREAM, index);
    ActivityTemplate activity = Catalogue.ACTIVITIES.get(r.nextInt(Catalogue.ACTIVITIES.size()));
    // Walk the districts in a scattered but complete order so that even 300 series cover most of London.
    int districtIndex = (int) ((index * 7919L + 13) % districts.size());
    Venue venue = venue(districtIndex, activity.venue());
    Provider organizer = Catalogue.PROVIDERS.get(r.nextInt(Catalogue.PROVIDERS.size()));
    DayOfWeek[] days = pickDays(r, daysPerSeries[index]);
    LocalTime start = LocalTime.of(7 + r.nextInt(13), r.nextBoolean() ? 0 : 30);
    int capacity = 8 + r.nextInt(23);
    return new SeriesPlan(index, activity, venue, organizer, days, start, activity.minutes(), capacity,
        r.nextInt(1_000_000));
  }

  private static DayOfWeek[] pickDays(SplittableRandom r, int count) {
    DayOfWeek[] all = DayOfWeek.values().clone();
    for (int i = all.length - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      DayOfWeek swap = all[i];
      all[i] = all[j];
      all[j] = swap;
    }
    DayOfWeek[] days = Arrays.copyOf(all, count);
    Arrays.sort(days);
    return days;
  }

  Venue venue(int districtIndex, VenueKind kind) {
    District district = districts.get(districtIndex);
    SplittableRandom r = random(PLACE_STREAM, districtIndex * 8L + kind.ordinal());
    // Jitter up to 280 m in a uniform disc around the centroid, so venues of one district differ.
    double radius = 280 * Math.sqrt(r.nextDouble());
    double angle = 2 * Math.PI * r.nextDouble();
    double latitude = district.latitude() + radius * Math.cos(angle) / 111_320.0;
    double longitude = district.longitude()
        + radius * Math.sin(angle) / (111_320.0 * Math.cos(Math.toRadians(district.latitude())));
    String inward = (1 + r.nextInt(9)) + ""
        + Catalogue.INWARD_LETTERS.charAt(r.nextInt(Catalogue.INWARD_LETTERS.length()))
        + Catalogue.INWARD_LETTERS.charAt(r.nextInt(Catalogue.INWARD_LETTERS.length()));
    String street = (1 + r.nextInt(180)) + " " + Catalogue.STREETS.get(r.nextInt(Catalogue.STREETS.size()));
    String name = district.town() + " " + kind.label + " (" + district.outcode() + ")";
    String atId = idBase + "places/" + district.outcode().toLowerCase(Locale.ROOT) + "-" + kind.slug;
    // Ofcom reserves 020 7946 0000 to 0999 for drama: realistic, and never a real line.
    String telephone = String.format(Locale.ROOT, "020 7946 %04d", r.nextInt(1000));
    return new Venue(atId, name, street, district.outcode() + " " + inward, district, kind,
        round(latitude, 6), round(longitude, 6), telephone);
  }

  ObjectNode sessionSeries(int index) {
    SeriesPlan plan = plan(index);
    SplittableRandom r = random(SERIES_STREAM, index).split();
    String atId = plan.atId(idBase);
    ActivityTemplate activity = plan.activity();
    ObjectNode data = JSON.objectNode();
    data.set("@context", JSON.arrayNode().add(OPENACTIVE).add("https://openactive.io/ns-beta"));
    data.put("@type", "SessionSeries");
    data.put("@id", atId);
    data.put("identifier", rpdeId(index));
    data.put("name", "[Demo] " + activity.title() + " at " + plan.venue().name());
    data.put("description", activity.blurb() + " Demo data: this session is fictional, generated for testing "
        + "the activity directory, and cannot be booked.");
    data.put("url", idBase + "book/session-series/" + rpdeId(index));
    data.set("activity", JSON.arrayNode().add(activities.byLabel(activity.prefLabel()).toJson()));
    data.set("organizer", organization(plan.organizer()));
    data.set("location", place(plan.venue()));
    int ageChoice = r.nextInt(10);
    ObjectNode ageRange = ageRange(ageChoice, activity);
    if (ageRange != null) {
      data.set("ageRange", ageRange);
    }
    int gender = r.nextInt(20);
    if (gender < 16) {
      data.put("genderRestriction", OPENACTIVE + "NoRestriction");
    } else if (gender < 18) {
      data.put("genderRestriction", OPENACTIVE + "FemaleOnly");
    } else if (gender < 19) {
      data.put("genderRestriction", OPENACTIVE + "MaleOnly");
    }
    int supportCount = r.nextInt(4) == 0 ? 0 : 1 + r.nextInt(2);
    if (supportCount > 0) {
      ArrayNode support = JSON.arrayNode();
      int first = r.nextInt(Catalogue.ACCESSIBILITY.size());
      for (int i = 0; i < supportCount; i++) {
        String label = Catalogue.ACCESSIBILITY.get((first + i * 2) % Catalogue.ACCESSIBILITY.size());
        support.add(accessibility.byLabel(label).toJson());
      }
      data.set("accessibilitySupport", support);
    }
    String[] levels = {"Beginner", "Intermediate", "Advanced"};
    int level = r.nextInt(3);
    ArrayNode levelArray = JSON.arrayNode().add(levels[0]);
    if (level >= 1) {
      levelArray.add(levels[1]);
    }
    data.set("level", levelArray);
    ArrayNode offers = seriesOffers(r, atId, data.path("url").asText());
    data.set("offers", offers);
    if (offers.get(0).path("price").decimalValue().signum() == 0) {
      data.put("isAccessibleForFree", true);
    }
    data.set("eventSchedule", JSON.arrayNode().add(schedule(plan, r)));
    data.put("duration", Duration.ofMinutes(plan.minutes()).toString());
    return data;
  }

  private static @Nullable ObjectNode ageRange(int choice, ActivityTemplate activity) {
    ObjectNode range = JSON.objectNode();
    range.put("@type", "QuantitativeValue");
    switch (choice) {
      case 0, 1 -> {
        // No ageRange at all: consumers must assume adults (Modelling Opportunity Data 2.0).
        return null;
      }
      case 2 -> range.put("minValue", 18);
      case 3 -> range.put("minValue", 16);
      case 4 -> range.put("minValue", activity.venue() == VenueKind.PARK ? 50 : 60);
      case 5 -> range.put("minValue", 55);
      case 6 -> range.put("minValue", 5).put("maxValue", 11);
      case 7 -> range.put("minValue", 12).put("maxValue", 17);
      case 8 -> range.put("minValue", 18).put("maxValue", 65);
      default -> range.put("minValue", 40);
    }
    return range;
  }

  private ArrayNode seriesOffers(SplittableRandom r, String atId, String url) {
    ArrayNode offers = JSON.arrayNode();
    if (r.nextInt(3) == 0) {
      offers.add(offer(atId + "#/offers/free", "Free session", BigDecimal.ZERO, url));
      return offers;
    }
    BigDecimal adult = BigDecimal.valueOf(250 + 50 * r.nextInt(12), 2);
    offers.add(offer(atId + "#/offers/adult", "Adult", adult, url));
    int concessions = r.nextInt(3);
    if (concessions >= 1) {
      ObjectNode senior = offer(atId + "#/offers/senior", "Over 60s", adult.subtract(BigDecimal.ONE), url);
      senior.set("ageRestriction", JSON.objectNode().put("@type", "QuantitativeValue").put("minValue", 60));
      offers.add(senior);
    }
    if (concessions == 2) {
      ObjectNode junior = offer(atId + "#/offers/junior", "Junior (under 18)", BigDecimal.valueOf(150, 2), url);
      junior.set("ageRestriction", JSON.objectNode().put("@type", "QuantitativeValue").put("maxValue", 17));
      offers.add(junior);
    }
    return offers;
  }

  private static ObjectNode offer(String atId, String name, BigDecimal price, String url) {
    ObjectNode offer = JSON.objectNode();
    offer.put("@type", "Offer");
    offer.put("@id", atId);
    offer.put("name", name);
    offer.put("price", price);
    offer.put("priceCurrency", "GBP");
    offer.put("url", url);
    return offer;
  }

  private ObjectNode schedule(SeriesPlan plan, SplittableRandom r) {
    ObjectNode schedule = JSON.objectNode();
    // Most series publish a complete weekly Schedule; some a PartialSchedule, as real feeds do.
    boolean partial = r.nextInt(5) == 0;
    schedule.put("@type", partial ? "PartialSchedule" : "Schedule");
    ArrayNode byDay = JSON.arrayNode();
    for (DayOfWeek day : plan.days()) {
      byDay.add(SCHEMA_ORG + day.getDisplayName(TextStyle.FULL, Locale.ENGLISH));
    }
    schedule.set("byDay", byDay);
    schedule.put("startDate", firstDate.minusWeeks(1 + r.nextInt(26)).toString());
    schedule.put("endDate", firstDate.plusWeeks(52).toString());
    schedule.put("startTime", plan.start().format(HH_MM));
    schedule.put("endTime", plan.start().plusMinutes(plan.minutes()).format(HH_MM));
    schedule.put("duration", Duration.ofMinutes(plan.minutes()).toString());
    schedule.put("repeatFrequency", "P1W");
    schedule.put("scheduleTimezone", LONDON.getId());
    if (!partial) {
      schedule.put("scheduledEventType", "ScheduledSession");
    }
    return schedule;
  }

  private ObjectNode organization(Provider provider) {
    ObjectNode org = JSON.objectNode();
    org.put("@type", "Organization");
    org.put("@id", idBase + "organizations/" + provider.slug());
    org.put("name", provider.name());
    org.put("url", provider.url());
    org.put("telephone", provider.telephone());
    org.put("email", provider.email());
    return org;
  }

  private static ObjectNode place(Venue venue) {
    ObjectNode place = JSON.objectNode();
    place.put("@type", "Place");
    place.put("@id", venue.atId());
    place.put("name", venue.name());
    place.put("description", "Demo venue: a fictional " + venue.kind().label.toLowerCase(Locale.ROOT) + " in "
        + venue.district().town() + ", placed near the " + venue.district().outcode() + " district centre.");
    place.put("url", venue.atId().replace("/places/", "/venues/"));
    place.put("telephone", venue.telephone());
    ObjectNode address = JSON.objectNode();
    address.put("@type", "PostalAddress");
    address.put("streetAddress", venue.street());
    address.put("addressLocality", "London");
    address.put("addressRegion", venue.district().town());
    address.put("postalCode", venue.postcode());
    address.put("addressCountry", "GB");
    place.set("address", address);
    ObjectNode geo = JSON.objectNode();
    geo.put("@type", "GeoCoordinates");
    geo.put("latitude", venue.latitude());
    geo.put("longitude", venue.longitude());
    place.set("geo", geo);
    ArrayNode amenities = JSON.arrayNode();
    boolean indoor = venue.kind() != VenueKind.PARK;
    amenities.add(amenity("ChangingFacilities", "Changing Facilities", indoor));
    amenities.add(amenity("Toilets", "Toilets", true));
    amenities.add(amenity("Parking", "Parking", venue.kind() == VenueKind.LEISURE_CENTRE));
    place.set("amenityFeature", amenities);
    ObjectNode opening = everyDay(indoor ? "07:00" : "06:00", indoor ? "22:00" : "21:00");
    place.set("openingHoursSpecification", JSON.arrayNode().add(opening));
    return place;
  }

  /** An OpeningHoursSpecification for every day of the week, between the given local times. */
  private static ObjectNode everyDay(String opens, String closes) {
    ObjectNode hours = JSON.objectNode();
    hours.put("@type", "OpeningHoursSpecification");
    ArrayNode week = JSON.arrayNode();
    for (DayOfWeek day : DayOfWeek.values()) {
      week.add(SCHEMA_ORG + day.getDisplayName(TextStyle.FULL, Locale.ENGLISH));
    }
    hours.set("dayOfWeek", week);
    hours.put("opens", opens);
    return hours.put("closes", closes);
  }

  private static ObjectNode amenity(String type, String name, boolean value) {
    return JSON.objectNode().put("@type", type).put("name", name).put("value", value);
  }

  // ---------------------------------------------------------------- ScheduledSession

  /** The start of occurrence {@code occurrence} (0-based, in date order) of a series in the 8-week window. */
  LocalDateTime occurrenceStart(SeriesPlan plan, int occurrence) {
    DayOfWeek[] days = plan.days();
    int[] offsets = new int[days.length];
    int firstDow = firstDate.getDayOfWeek().getValue();
    for (int i = 0; i < days.length; i++) {
      offsets[i] = (days[i].getValue() - firstDow + 7) % 7;
    }
    Arrays.sort(offsets);
    int week = occurrence / days.length;
    LocalDate date = firstDate.plusDays(7L * week + offsets[occurrence % days.length]);
    return date.atTime(plan.start());
  }

  /** A compact local date-time used inside ids, e.g. {@code 20261126T1000}. */
  static String stamp(LocalDateTime local) {
    return local.format(ID_TIME);
  }

  /** The RPDE id of a session: series id then local start, so string order equals (series, date) order. */
  static String sessionRpdeId(int seriesIndex, LocalDateTime start) {
    return rpdeId(seriesIndex) + "-" + start.format(ID_TIME);
  }

  ObjectNode scheduledSession(SeriesPlan plan, int occurrence) {
    LocalDateTime localStart = occurrenceStart(plan, occurrence);
    SplittableRandom r = random(SESSION_STREAM, (long) plan.index() * 64 + occurrence);
    String seriesId = plan.atId(idBase);
    ObjectNode data = JSON.objectNode();
    data.set("@context", JSON.arrayNode().add(OPENACTIVE).add("https://openactive.io/ns-beta"));
    data.put("@type", "ScheduledSession");
    data.put("@id", seriesId + "/scheduled-sessions/" + localStart.format(ID_TIME));
    data.put("identifier", sessionRpdeId(plan.index(), localStart));
    data.put("superEvent", seriesId);
    data.put("url", idBase + "book/session-series/" + rpdeId(plan.index()) + "/" + localStart.format(ID_TIME));
    data.put("startDate", offsetDateTime(localStart));
    data.put("endDate", offsetDateTime(localStart.plusMinutes(plan.minutes())));
    data.put("duration", Duration.ofMinutes(plan.minutes()).toString());
    int status = r.nextInt(50);
    data.put("eventStatus", SCHEMA_ORG + (status == 0 ? "EventCancelled" : "EventScheduled"));
    data.put("maximumAttendeeCapacity", plan.capacity());
    int full = r.nextInt(8);
    data.put("remainingAttendeeCapacity", full == 0 ? 0 : 1 + r.nextInt(plan.capacity()));
    return data;
  }

  /** An ISO 8601 date-time with the Europe/London offset in force at that local time ({@code Z} in winter). */
  static String offsetDateTime(LocalDateTime local) {
    return local.atZone(LONDON).format(OFFSET_DATE_TIME);
  }

  // ---------------------------------------------------------------- FacilityUse and Slot

  String facilityUseAtId(int index) {
    return idBase + "facility-uses/" + String.format(Locale.ROOT, "%04d", index);
  }

  ActivityTemplate facilityActivity(int index) {
    return Catalogue.FACILITY_ACTIVITIES.get(index % Catalogue.FACILITY_ACTIVITIES.size());
  }

  ObjectNode facilityUse(int index) {
    SplittableRandom r = random(FACILITY_STREAM, index);
    ActivityTemplate activity = facilityActivity(index);
    int districtIndex = (int) ((index * 104_729L + 101) % districts.size());
    Venue venue = venue(districtIndex, activity.venue());
    Provider provider = Catalogue.PROVIDERS.get(r.nextInt(Catalogue.PROVIDERS.size()));
    String atId = facilityUseAtId(index);
    ObjectNode data = JSON.objectNode();
    data.set("@context", JSON.arrayNode().add(OPENACTIVE).add("https://openactive.io/ns-beta"));
    data.put("@type", "FacilityUse");
    data.put("@id", atId);
    data.put("identifier", String.format(Locale.ROOT, "%04d", index));
    data.put("name", "[Demo] " + activity.title() + " at " + venue.name());
    data.put("description", activity.blurb() + " Demo data: this facility is fictional and cannot be booked.");
    data.put("url", idBase + "book/facility-uses/" + String.format(Locale.ROOT, "%04d", index));
    data.set("activity", JSON.arrayNode().add(activities.byLabel(activity.prefLabel()).toJson()));
    data.set("provider", organization(provider));
    data.set("location", place(venue));
    data.set("hoursAvailable", JSON.arrayNode().add(everyDay("09:00", "21:00")));
    data.set("offers", JSON.arrayNode().add(offer(atId + "#/offers/hourly", "One hour hire",
        facilityPrice(index), data.path("url").asText())));
    return data;
  }

  private BigDecimal facilityPrice(int index) {
    return BigDecimal.valueOf(600 + 100 * random(FACILITY_STREAM, index).split().nextInt(10), 2);
  }

  /** Facility slots are hourly from 09:00 to 21:00 each day from tomorrow. */
  static final int SLOTS_PER_DAY = 12;

  LocalDateTime slotStart(int slot) {
    return firstDate.plusDays(slot / SLOTS_PER_DAY).atTime(9 + slot % SLOTS_PER_DAY, 0);
  }

  ObjectNode slot(int facilityIndex, int slot) {
    SplittableRandom r = random(SLOT_STREAM, (long) facilityIndex * 100_000 + slot);
    LocalDateTime start = slotStart(slot);
    String facilityId = facilityUseAtId(facilityIndex);
    ObjectNode data = JSON.objectNode();
    data.set("@context", JSON.arrayNode().add(OPENACTIVE).add("https://openactive.io/ns-beta"));
    data.put("@type", "Slot");
    data.put("@id", facilityId + "/slots/" + start.format(ID_TIME));
    data.put("identifier", String.format(Locale.ROOT, "%04d-%s", facilityIndex, start.format(ID_TIME)));
    data.put("facilityUse", facilityId);
    data.put("startDate", offsetDateTime(start));
    data.put("endDate", offsetDateTime(start.plusHours(1)));
    data.put("duration", "PT1H");
    int maximum = 1 + facilityIndex % 4;
    data.put("remainingUses", r.nextInt(maximum + 1));
    data.put("maximumUses", maximum);
    data.set("offers", JSON.arrayNode().add(offer(facilityId + "#/offers/hourly", "One hour hire",
        facilityPrice(facilityIndex), idBase + "book/facility-uses/"
            + String.format(Locale.ROOT, "%04d", facilityIndex))));
    return data;
  }

  private static double round(double value, int places) {
    return BigDecimal.valueOf(value).setScale(places, RoundingMode.HALF_UP).doubleValue();
  }
}
