/**
 * OpenActive JSON-LD to FHIR R4: pure mapping functions ({@link
 * dev.activityfhir.mapping.OpenActiveMapper}) over immutable items, the bundled OpenActive
 * vocabularies ({@link dev.activityfhir.mapping.ActivityList}, {@link
 * dev.activityfhir.mapping.AccessibilitySupportList}) and stable FHIR ids ({@link
 * dev.activityfhir.mapping.ResourceIds}). Everything is non-null unless marked {@code @Nullable}.
 */
@NullMarked
package dev.activityfhir.mapping;

import org.jspecify.annotations.NullMarked;
