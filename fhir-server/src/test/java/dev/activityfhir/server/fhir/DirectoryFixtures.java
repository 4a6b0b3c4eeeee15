package dev.activityfhir.server.fhir;

import dev.activityfhir.server.directory.ResourceChanges;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Money;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Range;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Schedule;
import org.hl7.fhir.r4.model.Slot;
import org.hl7.fhir.r4.model.StringType;

/**
 * A small hand-built London directory shaped like the mapper's output (the extension and system URLs of
 * DESIGN.md), with real OpenActive activity-list codes.
 */
public final class DirectoryFixtures {

  public static final String ACTIVITY = "https://openactive.io/activity-list";
  public static final String FOOTBALL = "0a5f732d-e806-4e51-ad40-0a7de0239c8c";
  public static final String WALKING_FOOTBALL = "b8019b67-2ade-406f-a012-91a5c3869652";
  public static final String YOGA = "bf1a5e00-cdcf-465d-8c5a-6f57040b7f7e";
  public static final String HATHA_YOGA = "90611f8f-fea2-402e-827f-41b487a5f3a0";
  public static final String SWIMMING = "2750229d-b725-4171-9276-376be913957c";
  public static final String ACCESS_FEATURE = "https://activityfhir.dev/fhir/CodeSystem/access-feature";

  /** First walking-football slot; the others follow weekly. */
  public static final Instant FIRST_SLOT = Instant.parse("2026-01-05T10:00:00Z");

  /** The number of walking-football slots. */
  public static final int WALKING_FOOTBALL_SLOTS = 25;

  /** A stand-in for ActivityList.selfAndDescendants over the codes used here. */
  public static final Function<String, Set<String>> HIERARCHY =
      code ->
          Map.of(FOOTBALL, Set.of(FOOTBALL, WALKING_FOOTBALL), YOGA, Set.of(YOGA, HATHA_YOGA))
              .getOrDefault(code, Set.of(code));

  private DirectoryFixtures() {}

  /** Everything, as one batch. */
  public static ResourceChanges all() {
    List<Resource> resources = new ArrayList<>();
    resources.add(location("loc-peckham", "Peckham Pulse", "SE15 5BN", 51.4740, -0.0690));
    resources.add(location("loc-brixton", "Brixton Recreation Centre", "SW9 8QQ", 51.4620, -0.1145));
    resources.add(location("loc-camden", "Camden Leisure Centre", "NW1 7PX", 51.5390, -0.1426));
    resources.add(location("loc-nowhere", "Mobile Coach", "E1 6AN", null, null));
    resources.add(organization("org-southwark", "Southwark Leisure"));
    resources.add(organization("org-lambeth", "Lambeth Active"));
    resources.add(organization("org-camden", "Camden Council"));
    resources.add(
        service("hs-walking-football", "Walking Football", WALKING_FOOTBALL, "Walking Football",
                List.of("loc-peckham"), "org-southwark", 50, null, "NoRestriction")
            .addAvailableTime(time("10:00:00", "11:00:00", "mon"))
            .addCharacteristic(new CodeableConcept(new Coding(ACCESS_FEATURE, "wheelchair-accessible", null)))
            .addExtension(offer("Session", "3.00")));
    resources.add(
        service("hs-hatha-yoga", "Hatha Yoga for Women", HATHA_YOGA, "Hatha Yoga",
                List.of("loc-brixton"), "org-lambeth", 18, null, "FemaleOnly")
            .addAvailableTime(time("18:30:00", "19:30:00", "wed"))
            .addExtension(offer("Concession", "0"))
            .addExtension(offer("Adult", "5.50")));
    resources.add(
        service("hs-swim", "Café Swim Club", SWIMMING, "Swimming", List.of("loc-camden"), "org-camden", 5, 11,
                null)
            .addAvailableTime(time("09:00:00", "10:00:00", "sat"))
            .addExtension(offer("Free swim", "0")));
    resources.add(
        service("hs-football", "Football Drop-in", FOOTBALL, "Football",
                List.of("loc-peckham", "loc-brixton"), "org-southwark", 16, null, "MaleOnly")
            .addAvailableTime(time("19:00:00", "21:00:00", "tue", "thu"))
            .addExtension(offer("Session", "6")));
    resources.add(
        service("hs-closed-yoga", "Closed Yoga", YOGA, "Yoga", List.of("loc-camden"), "org-camden", 18, null,
                "NoRestriction")
            .setActive(false));
    resources.add(schedule("sch-walking-football", "hs-walking-football", "loc-peckham", WALKING_FOOTBALL));
    resources.add(schedule("sch-hatha-yoga", "hs-hatha-yoga", "loc-brixton", HATHA_YOGA));
    for (int i = 0; i < WALKING_FOOTBALL_SLOTS; i++) {
      resources.add(
          slot(String.format("slot-wf-%02d", i), "sch-walking-football", WALKING_FOOTBALL,
              FIRST_SLOT.plus(Duration.ofDays(7L * i)), Slot.SlotStatus.FREE));
    }
    resources.add(slot("slot-hy-1", "sch-hatha-yoga", HATHA_YOGA, Instant.parse("2026-01-07T18:30:00Z"),
        Slot.SlotStatus.FREE));
    resources.add(slot("slot-hy-2", "sch-hatha-yoga", HATHA_YOGA, Instant.parse("2026-01-14T18:30:00Z"),
        Slot.SlotStatus.BUSY));
    resources.add(slot("slot-hy-3", "sch-hatha-yoga", HATHA_YOGA, Instant.parse("2026-01-21T18:30:00Z"),
        Slot.SlotStatus.BUSYUNAVAILABLE));
    return new ResourceChanges(resources, List.of());
  }

  /** A two-level extract of the activity list as a CodeSystem (football and walking football). */
  public static org.hl7.fhir.r4.model.CodeSystem activityCodeSystem() {
    var codeSystem = new org.hl7.fhir.r4.model.CodeSystem();
    codeSystem.setId("activity-list");
    codeSystem.setUrl(ACTIVITY);
    codeSystem.setStatus(org.hl7.fhir.r4.model.Enumerations.PublicationStatus.ACTIVE);
    codeSystem.setContent(org.hl7.fhir.r4.model.CodeSystem.CodeSystemContentMode.FRAGMENT);
    codeSystem.addConcept().setCode(FOOTBALL).setDisplay("Football");
    codeSystem.addConcept().setCode(WALKING_FOOTBALL).setDisplay("Walking Football");
    return codeSystem;
  }

  public static Location location(String id, String name, String postcode, Double lat, Double lon) {
    Location location = new Location();
    location.setId(id);
    location.setName(name);
    location.getAddress().setPostalCode(postcode).setCity("London");
    if (lat != null) {
      location.getPosition().setLatitude(lat).setLongitude(lon);
    }
    location.getMeta().setLastUpdated(Date.from(Instant.parse("2025-11-01T09:00:00Z")));
    return location;
  }

  public static Organization organization(String id, String name) {
    Organization organization = new Organization();
    organization.setId(id);
    organization.setName(name);
    return organization;
  }

  public static HealthcareService service(
      String id, String name, String activity, String label, List<String> locations, String organization,
      Integer ageLow, Integer ageHigh, String gender) {
    HealthcareService service = new HealthcareService();
    service.setId(id);
    service.setActive(true);
    service.setName(name);
    service.getMeta().setLastUpdated(Date.from(Instant.parse("2025-11-02T10:15:00Z")));
    service.addType(new CodeableConcept(new Coding(ACTIVITY, activity, label)));
    locations.forEach(l -> service.addLocation(new Reference("Location/" + l)));
    service.setProvidedBy(new Reference("Organization/" + organization));
    Range range = new Range();
    if (ageLow != null) {
      range.setLow(years(ageLow));
    }
    if (ageHigh != null) {
      range.setHigh(years(ageHigh));
    }
    HealthcareService.HealthcareServiceEligibilityComponent age = service.addEligibility();
    age.setCode(new CodeableConcept(new Coding(
        "https://activityfhir.dev/fhir/CodeSystem/eligibility-criterion", "age-range", null)));
    age.addExtension("https://activityfhir.dev/fhir/StructureDefinition/eligible-age-range", range);
    if (gender != null) {
      service.addEligibility().setCode(new CodeableConcept(new Coding(
          "https://activityfhir.dev/fhir/CodeSystem/gender-restriction", gender, null)));
    }
    return service;
  }

  public static Schedule schedule(String id, String service, String location, String activity) {
    Schedule schedule = new Schedule();
    schedule.setId(id);
    schedule.setActive(true);
    schedule.addActor(new Reference("HealthcareService/" + service));
    schedule.addActor(new Reference("Location/" + location));
    schedule.addServiceType(new CodeableConcept(new Coding(ACTIVITY, activity, null)));
    return schedule;
  }

  public static Slot slot(String id, String schedule, String activity, Instant start, Slot.SlotStatus status) {
    Slot slot = new Slot();
    slot.setId(id);
    slot.setSchedule(new Reference("Schedule/" + schedule));
    slot.addServiceType(new CodeableConcept(new Coding(ACTIVITY, activity, null)));
    slot.setStart(Date.from(start));
    slot.setEnd(Date.from(start.plus(Duration.ofHours(1))));
    slot.setStatus(status);
    return slot;
  }

  private static HealthcareService.HealthcareServiceAvailableTimeComponent time(
      String start, String end, String... days) {
    var time = new HealthcareService.HealthcareServiceAvailableTimeComponent();
    for (String day : days) {
      time.addDaysOfWeek(HealthcareService.DaysOfWeek.fromCode(day));
    }
    time.setAvailableStartTime(start).setAvailableEndTime(end);
    return time;
  }

  private static Extension offer(String name, String price) {
    Extension offer = new Extension("https://activityfhir.dev/fhir/StructureDefinition/offer");
    offer.addExtension("name", new StringType(name));
    Money money = new Money();
    money.setValue(new BigDecimal(price)).setCurrency("GBP");
    offer.addExtension("price", money);
    return offer;
  }

  private static Quantity years(int value) {
    return new Quantity().setValue(value).setUnit("years").setSystem("http://unitsofmeasure.org").setCode("a");
  }
}
