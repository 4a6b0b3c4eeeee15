/** Reading the directory's FHIR resources for display: pure functions over parsed JSON. */

export const ATTRIBUTION = 'https://activityfhir.dev/fhir/StructureDefinition/openactive-attribution';
export const OFFER = 'https://activityfhir.dev/fhir/StructureDefinition/offer';
export const DISTANCE = 'http://hl7.org/fhir/StructureDefinition/location-distance';
export const SLOT_CAPACITY = 'http://fhir-registry.smarthealthit.org/StructureDefinition/slot-capacity';
export const BOOKING_LINK = 'http://fhir-registry.smarthealthit.org/StructureDefinition/booking-deep-link';
const ACCESSIBILITY_SYSTEM = 'https://openactive.io/accessibility-support';
const ACCESS_FEATURE_SYSTEM = 'https://activityfhir.dev/fhir/CodeSystem/access-feature';
const LEVEL_SYSTEM = 'https://activityfhir.dev/fhir/CodeSystem/level';

const extensions = (element, url) => (element?.extension ?? []).filter((e) => e.url === url);
const sub = (extension, url) => extensions(extension, url)[0];

/** A search Bundle's entries: the matches in order, and every resource by "Type/id". */
export function readBundle(bundle) {
  const matches = [];
  const byReference = new Map();
  for (const entry of bundle?.entry ?? []) {
    const r = entry.resource;
    if (!r) {
      continue;
    }
    byReference.set(`${r.resourceType}/${r.id}`, r);
    if ((entry.search?.mode ?? 'match') === 'match') {
      matches.push(entry);
    }
  }
  const next = (bundle?.link ?? []).find((l) => l.relation === 'next')?.url ?? null;
  return { matches, byReference, total: bundle?.total ?? null, next };
}

/** The distance of a search entry from the search point, in kilometres, or null. */
export function distanceKm(entry) {
  const d = sub(entry?.search, DISTANCE)?.valueDistance;
  if (!d || typeof d.value !== 'number') {
    return null;
  }
  return d.code === 'm' ? d.value / 1000 : d.code === '[mi_i]' ? d.value * 1.609344 : d.value;
}

/** The service's priced offers: [{name, price, currency, url}]. */
export function offers(service) {
  return extensions(service, OFFER).map((o) => ({
    name: sub(o, 'name')?.valueString ?? null,
    price: sub(o, 'price')?.valueMoney?.value ?? null,
    currency: sub(o, 'price')?.valueMoney?.currency ?? 'GBP',
    url: sub(o, 'url')?.valueUrl ?? null,
  }));
}

/** True when the service says it is free (every price 0). */
export function isFree(service) {
  return (service.serviceProvisionCode ?? []).some((c) => (c.coding ?? []).some((x) => x.code === 'free'));
}

/** A short price: "Free", "£5.00", "From £4.50", or null when the data gives none. */
export function priceText(service) {
  if (isFree(service)) {
    return 'Free';
  }
  const prices = offers(service)
    .map((o) => o.price)
    .filter((p) => typeof p === 'number');
  if (prices.length === 0) {
    return null;
  }
  const lowest = Math.min(...prices);
  if (lowest === 0) {
    return 'Free option';
  }
  const money = `£${lowest.toFixed(2)}`;
  return prices.every((p) => p === lowest) ? money : `From ${money}`;
}

/** Accessibility support and venue access the service states, as labels. */
export function accessibilityBadges(service) {
  return codedCharacteristics(service, [ACCESSIBILITY_SYSTEM, ACCESS_FEATURE_SYSTEM]);
}

/** The levels the service states (Beginner, Intermediate, ...). */
export function levels(service) {
  return codedCharacteristics(service, [LEVEL_SYSTEM]);
}

function codedCharacteristics(service, systems) {
  const labels = [];
  for (const c of service.characteristic ?? []) {
    const coding = (c.coding ?? []).find((x) => systems.includes(x.system));
    if (coding) {
      labels.push(c.text ?? coding.display ?? coding.code);
    }
  }
  return labels;
}

/** The activity's label (the first type's text or display). */
export function activityLabel(service) {
  const type = service.type?.[0];
  return type?.text ?? type?.coding?.[0]?.display ?? null;
}

/** The eligibility statements in words ("Ages 18+", "Women only"). */
export function eligibility(service) {
  return (service.eligibility ?? []).map((e) => e.comment).filter(Boolean);
}

/** The publisher's attribution: {license, publisher, source, harvested}, or null. */
export function attribution(resource) {
  const a = extensions(resource, ATTRIBUTION)[0];
  if (!a) {
    return null;
  }
  return {
    license: sub(a, 'license')?.valueUri ?? null,
    publisher: sub(a, 'publisher')?.valueString ?? null,
    source: sub(a, 'source')?.valueUri ?? null,
    harvested: sub(a, 'harvested')?.valueDateTime ?? null,
  };
}

/** The telecom values of a resource by system: {phone: [...], email: [...], url: [...]}. */
export function contacts(resource) {
  const out = { phone: [], email: [], url: [] };
  for (const t of resource?.telecom ?? []) {
    if (out[t.system] && t.value && !out[t.system].includes(t.value)) {
      out[t.system].push(t.value);
    }
  }
  return out;
}

/** A Location's position as {lat, lng}, or null. */
export function position(location) {
  const p = location?.position;
  return p && typeof p.latitude === 'number' && typeof p.longitude === 'number'
    ? { lat: p.latitude, lng: p.longitude }
    : null;
}

/** A Location's address on one line. */
export function addressText(location) {
  const a = location?.address;
  if (!a) {
    return null;
  }
  return a.text ?? [...(a.line ?? []), a.city, a.postalCode].filter(Boolean).join(', ');
}

/**
 * A Slot search Bundle's sessions grouped by service id, soonest first:
 * Map<serviceId, [{id, start, end, remaining, booking}]>. A Slot names its Schedule; the Schedule's actor names
 * the service.
 */
export function sessionsByService(slotBundle) {
  const { matches, byReference } = readBundle(slotBundle);
  const byService = new Map();
  for (const { resource: slot } of matches) {
    const schedule = byReference.get(slot.schedule?.reference);
    const actor = (schedule?.actor ?? []).map((a) => a.reference).find((r) => r?.startsWith('HealthcareService/'));
    if (!actor) {
      continue;
    }
    const id = actor.slice('HealthcareService/'.length);
    if (!byService.has(id)) {
      byService.set(id, []);
    }
    byService.get(id).push(session(slot));
  }
  for (const list of byService.values()) {
    list.sort((a, b) => a.start.localeCompare(b.start));
  }
  return byService;
}

/** One Slot as a session: {id, start, end, remaining (null when unknown), booking, status}. */
export function session(slot) {
  return {
    id: slot.id,
    start: slot.start,
    end: slot.end,
    status: slot.status,
    remaining: extensions(slot, SLOT_CAPACITY)[0]?.valueInteger ?? null,
    booking: extensions(slot, BOOKING_LINK)[0]?.valueUrl ?? null,
  };
}

/** Whether a session is within the next {@code days} days of {@code now} and still has places. */
export function hasPlacesWithin(sessions, now, days) {
  const end = now.getTime() + days * 86_400_000;
  return (sessions ?? []).some(
    (s) => s.status === 'free' && s.remaining !== 0 && Date.parse(s.start) >= now.getTime() && Date.parse(s.start) < end,
  );
}

/** The text of a FHIR error answer (OperationOutcome diagnostics), or null. */
export function outcomeText(body) {
  if (body?.resourceType !== 'OperationOutcome') {
    return null;
  }
  return (body.issue ?? []).map((i) => i.diagnostics ?? i.details?.text).filter(Boolean).join('; ') || null;
}
