package dev.activityfhir.server.demo;

import java.util.List;

/** The fixed choices the demo generator draws from: activities, venue kinds, providers, streets. */
final class Catalogue {

  /** Where an activity happens, which decides the venue's name and amenities. */
  enum VenueKind {
    LEISURE_CENTRE("Leisure Centre", "leisure-centre"),
    COMMUNITY_CENTRE("Community Centre", "community-centre"),
    PARK("Park", "park");

    final String label;
    final String slug;

    VenueKind(String label, String slug) {
      this.label = label;
      this.slug = slug;
    }
  }

  /**
   * An activity the demo offers.
   *
   * @param prefLabel the exact prefLabel in the OpenActive activity list
   * @param title how the session is named, e.g. "Walking football"
   * @param venue where it takes place
   * @param blurb a sentence for the description
   * @param minutes typical session length
   */
  record ActivityTemplate(String prefLabel, String title, VenueKind venue, String blurb, int minutes) {}

  /**
   * A fictional demo provider. Telephone numbers are from Ofcom's range reserved for drama
   * (020 7946 0000 to 0999), web and mail domains under the reserved {@code example.org}.
   */
  record Provider(String slug, String name, String url, String telephone, String email) {}

  static final List<ActivityTemplate> ACTIVITIES = List.of(
      new ActivityTemplate("Walking Football", "Walking football", VenueKind.PARK,
          "A slower, no-running version of football for people who want to keep playing or get back into the game.", 60),
      new ActivityTemplate("Chair Based Exercise", "Chair-based exercise", VenueKind.COMMUNITY_CENTRE,
          "Gentle seated exercise to build strength, balance and mobility, led by a qualified instructor.", 45),
      new ActivityTemplate("Swimming", "Adult swimming", VenueKind.LEISURE_CENTRE,
          "Quieter lane swimming at your own pace, with a lifeguard and an instructor on hand.", 60),
      new ActivityTemplate("Aqua Aerobics", "Aqua aerobics", VenueKind.LEISURE_CENTRE,
          "A low-impact workout in the shallow end of the pool, kind to joints.", 45),
      new ActivityTemplate("Yoga", "Gentle yoga", VenueKind.COMMUNITY_CENTRE,
          "Slow-paced yoga for flexibility, breathing and relaxation; mats provided.", 60),
      new ActivityTemplate("Pilates", "Pilates", VenueKind.COMMUNITY_CENTRE,
          "Mat Pilates focusing on core strength, posture and controlled movement.", 60),
      new ActivityTemplate("Tai Chi", "Tai chi", VenueKind.PARK,
          "Flowing tai chi movements outdoors to improve balance and calm the mind.", 60),
      new ActivityTemplate("Walking", "Health walk", VenueKind.PARK,
          "A friendly led walk of about an hour at a comfortable pace, finishing with a cup of tea.", 60),
      new ActivityTemplate("Nordic Walking", "Nordic walking", VenueKind.PARK,
          "Walking with poles for a full-body workout; poles can be borrowed.", 60),
      new ActivityTemplate("Badminton", "Social badminton", VenueKind.LEISURE_CENTRE,
          "Relaxed doubles badminton; rackets and shuttles provided.", 60),
      new ActivityTemplate("Table Tennis", "Table tennis club", VenueKind.COMMUNITY_CENTRE,
          "Drop-in table tennis for all abilities with bats and balls provided.", 90),
      new ActivityTemplate("Dance Fitness", "Dance fitness", VenueKind.COMMUNITY_CENTRE,
          "An upbeat dance workout to popular music; no experience needed.", 45),
      new ActivityTemplate("Zumba® Gold", "Zumba Gold", VenueKind.COMMUNITY_CENTRE,
          "Lower-intensity Zumba moves designed for older adults and beginners.", 45),
      new ActivityTemplate("Line Dancing", "Line dancing", VenueKind.COMMUNITY_CENTRE,
          "Learn easy line dance routines in a sociable group.", 60),
      new ActivityTemplate("Walking Netball", "Walking netball", VenueKind.LEISURE_CENTRE,
          "Netball at walking pace, open to returners and first-timers.", 60),
      new ActivityTemplate("Boxing Fitness", "Boxing fitness", VenueKind.LEISURE_CENTRE,
          "Non-contact boxing drills and pad work for fitness and confidence.", 45),
      new ActivityTemplate("Recreational Cycling", "Led bike ride", VenueKind.PARK,
          "A guided ride on quiet routes and paths; bikes and helmets can be borrowed.", 90),
      new ActivityTemplate("Running", "Community 5k run", VenueKind.PARK,
          "A free, timed 5 km run or walk around the park; everyone welcome at any speed.", 60),
      new ActivityTemplate("Jogging", "Beginners' jog group", VenueKind.PARK,
          "Build up from walking to jogging with a friendly group and a run leader.", 45),
      new ActivityTemplate("Circuit Training", "Circuits", VenueKind.LEISURE_CENTRE,
          "Timed stations of simple strength and cardio exercises adapted to your level.", 45),
      new ActivityTemplate("Strength and Conditioning", "Strength and balance", VenueKind.LEISURE_CENTRE,
          "Strength and balance exercises that help prevent falls and keep you independent.", 60),
      new ActivityTemplate("Indoor Bowls", "Indoor bowls", VenueKind.COMMUNITY_CENTRE,
          "Short mat bowls in a welcoming club; woods provided.", 120));

  /** Activities bookable as facility hire (FacilityUse). */
  static final List<ActivityTemplate> FACILITY_ACTIVITIES = List.of(
      new ActivityTemplate("Badminton", "Badminton court hire", VenueKind.LEISURE_CENTRE,
          "Hire a badminton court by the hour; equipment available at reception.", 60),
      new ActivityTemplate("Table Tennis", "Table tennis table hire", VenueKind.LEISURE_CENTRE,
          "Hire a table tennis table by the hour.", 60),
      new ActivityTemplate("Squash", "Squash court hire", VenueKind.LEISURE_CENTRE,
          "Hire a squash court by the hour.", 60),
      new ActivityTemplate("Tennis", "Tennis court hire", VenueKind.PARK,
          "Hire an outdoor tennis court by the hour.", 60));

  static final List<Provider> PROVIDERS = List.of(
      new Provider("active-neighbours", "[Demo] Active Neighbours CIC", "https://active-neighbours.example.org/",
          "020 7946 0101", "hello@active-neighbours.example.org"),
      new Provider("move-more-london", "[Demo] Move More London", "https://move-more-london.example.org/",
          "020 7946 0202", "bookings@move-more-london.example.org"),
      new Provider("riverside-leisure", "[Demo] Riverside Leisure Trust", "https://riverside-leisure.example.org/",
          "020 7946 0303", "info@riverside-leisure.example.org"),
      new Provider("silver-steps", "[Demo] Silver Steps Charity", "https://silver-steps.example.org/",
          "020 7946 0404", "contact@silver-steps.example.org"),
      new Provider("parks-and-play", "[Demo] Parks and Play Partnership", "https://parks-and-play.example.org/",
          "020 7946 0505", "team@parks-and-play.example.org"),
      new Provider("wellbeing-collective", "[Demo] Wellbeing Collective", "https://wellbeing-collective.example.org/",
          "020 7946 0606", "hi@wellbeing-collective.example.org"));

  static final List<String> STREETS = List.of(
      "High Street", "Church Road", "Station Road", "Park Lane", "Victoria Road", "Mill Lane", "Green Lane",
      "Kings Road", "Queens Road", "The Broadway", "Grove Road", "Manor Road", "Albert Road", "Elm Grove",
      "Chestnut Avenue", "Common Road");

  /** Letters allowed in the last two characters of a UK inward code. */
  static final String INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ";

  static final List<String> ACCESSIBILITY = List.of(
      "Visual impairment", "Hearing impairment", "Physical impairment", "Learning impairment",
      "Mental health issues", "Social or behavioural problems");

  private Catalogue() {}
}
