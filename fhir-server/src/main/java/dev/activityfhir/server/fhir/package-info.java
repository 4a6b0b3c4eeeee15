/**
 * The FHIR R4 read/search API of the directory, on HAPI's plain server ({@link
 * dev.activityfhir.server.fhir.DirectoryRestfulServer}), served from the in-memory {@link
 * dev.activityfhir.server.fhir.index.ResourceIndex} that harvesting fills.
 *
 * <p>Supported searches (anything else answers 400 with an OperationOutcome naming the parameter):
 *
 * <ul>
 *   <li>HealthcareService: {@code _id}, {@code name}, {@code service-type} (also {@code :below} through the
 *       activity-list hierarchy, {@code :text} on labels), {@code location}, {@code location.near}, {@code
 *       organization}, {@code active}, {@code characteristic}, {@code age}, {@code gender}, {@code day-of-week},
 *       {@code time-of-day}, {@code price}, {@code postcode}; {@code _include=HealthcareService:location},
 *       {@code _include=HealthcareService:organization}, {@code _revinclude=Schedule:actor}.
 *   <li>Location: {@code _id}, {@code name}, {@code address-postalcode}, {@code near}, {@code postcode}; {@code
 *       _revinclude=HealthcareService:location}, {@code _revinclude=Schedule:actor}.
 *   <li>Schedule: {@code _id}, {@code actor}, {@code service-type} ({@code :below}), {@code active}; {@code
 *       _include=Schedule:actor}, {@code _revinclude=Slot:schedule}.
 *   <li>Slot: {@code _id}, {@code schedule}, {@code schedule.actor}, {@code start} (eq ne lt gt le ge sa eb ap),
 *       {@code status}, {@code service-type} ({@code :below}); {@code _sort=start|-start}; {@code
 *       _include=Slot:schedule}.
 *   <li>Organization: {@code _id}, {@code name}.
 *   <li>Everywhere: {@code _count} (default 20, max 500), {@code _summary}, {@code _elements}, {@code _total},
 *       {@code _format}, {@code _pretty}, {@code _bundletype}; paging through {@code next} links.
 * </ul>
 *
 * <p>Proximity ({@code near}, {@code location.near}, {@code postcode}) defaults to 5 km, accepts km, m, mi or
 * [mi_i], is capped at 500 km, orders nearest first and reports each match's distance in the {@code
 * location-distance} extension of {@code Bundle.entry.search}.
 */
@NullMarked
package dev.activityfhir.server.fhir;

import org.jspecify.annotations.NullMarked;
