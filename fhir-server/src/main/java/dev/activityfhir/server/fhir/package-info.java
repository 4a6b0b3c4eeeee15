/**
 * The FHIR R4 read/search API of the directory, on HAPI's plain server ({@link
 * dev.activityfhir.server.fhir.DirectoryRestfulServer}), served from the in-memory {@link
 * dev.activityfhir.server.fhir.index.ResourceIndex} that harvesting fills.
 *
 * <p>What each type's searches accept (parameters, modifiers, chains, {@code _include}, {@code _revinclude}, {@code
 * _has}) is the FHIR package's SearchParameters and CapabilityStatement, read by {@link
 * dev.activityfhir.server.fhir.search.DeclaredSearches}: the request guard accepts exactly those (anything else
 * answers 400 naming the parameter, or is ignored and reported under {@code Prefer: handling=lenient}), and {@code
 * /metadata} lists them. Everywhere: {@code _count} (default 20, max 500), {@code _sort}, {@code _summary}, {@code
 * _elements}, {@code _total}, {@code _format}, {@code _pretty}, {@code _bundletype}; paging through {@code next}
 * links.
 *
 * <p>Proximity ({@code near}, {@code location.near}, {@code postcode}) defaults to 5 km, accepts km, m, mi or
 * [mi_i], is capped at 500 km, orders nearest first and reports each match's distance in the {@code
 * location-distance} extension of {@code Bundle.entry.search}.
 */
@NullMarked
package dev.activityfhir.server.fhir;

import org.jspecify.annotations.NullMarked;
