/**
 * The search as a value: read from and written to the page's query string (so every search is a URL, and a
 * connected system can deep-link with postcode, age, gender and activity), and turned into FHIR API queries.
 */

import { ACTIVITY_SYSTEM } from './activities.js';

export const DISTANCES_MILES = [1, 2, 3, 5, 10, 20];
export const DEFAULT_DISTANCE = 3;
export const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
export const PAGE_SIZE = 10;
export const ACCESSIBILITY_SYSTEM = 'https://openactive.io/accessibility-support';
export const WHEELCHAIR = 'https://activityfhir.dev/fhir/CodeSystem/access-feature|wheelchair-accessible';

/** Time-of-day choices and the API's time-of-day criteria for each (see the README's Searching table). */
export const TIMES = {
  morning: { label: 'Morning (ends by 1pm)', criteria: ['le13:00'] },
  afternoon: { label: 'Afternoon (12pm to 6pm)', criteria: ['ge12:00', 'le18:00'] },
  evening: { label: 'Evening (starts 5pm or later)', criteria: ['ge17:00'] },
};

const GENDERS = ['female', 'male'];

/** An empty search with the default distance. */
export function emptyState() {
  return {
    postcode: '',
    near: null,
    distance: DEFAULT_DISTANCE,
    activity: '',
    days: [],
    time: '',
    age: null,
    gender: '',
    access: [],
    free: false,
    places: false,
  };
}

/**
 * Reads a search from query parameters (a URLSearchParams or a query string). Unknown or malformed values are
 * dropped rather than failing: a shared link should still open.
 */
export function parseState(params) {
  const p = typeof params === 'string' ? new URLSearchParams(params) : params;
  const state = emptyState();
  state.postcode = (p.get('postcode') ?? '').trim().toUpperCase();
  const near = (p.get('near') ?? '').split(',').map(Number);
  if (near.length === 2 && near.every(Number.isFinite) && Math.abs(near[0]) <= 90 && Math.abs(near[1]) <= 180) {
    state.near = { lat: near[0], lng: near[1] };
  }
  const distance = Number(p.get('distance'));
  if (DISTANCES_MILES.includes(distance)) {
    state.distance = distance;
  }
  state.activity = (p.get('activity') ?? '').trim();
  state.days = DAYS.filter((d) => p.getAll('day').flatMap((v) => v.split(',')).includes(d));
  state.time = Object.hasOwn(TIMES, p.get('time') ?? '') ? p.get('time') : '';
  const age = p.get('age');
  if (age !== null && /^\d{1,3}$/.test(age.trim()) && Number(age) <= 120) {
    state.age = Number(age);
  }
  state.gender = GENDERS.includes((p.get('gender') ?? '').toLowerCase()) ? p.get('gender').toLowerCase() : '';
  state.access = [...new Set(p.getAll('access').flatMap((v) => v.split(',')).filter((v) => /^[\w.:/|-]+$/.test(v)))];
  state.free = p.get('free') === '1' || p.get('free') === 'true';
  state.places = p.get('places') === '1' || p.get('places') === 'true';
  return state;
}

/** The page's query string for a search (defaults left out, stable order), without the leading '?'. */
export function toQueryString(state, extra = {}) {
  const p = new URLSearchParams();
  if (state.near) {
    p.set('near', `${round(state.near.lat, 5)},${round(state.near.lng, 5)}`);
  } else if (state.postcode) {
    p.set('postcode', state.postcode);
  }
  if (state.distance !== DEFAULT_DISTANCE) {
    p.set('distance', String(state.distance));
  }
  if (state.activity) {
    p.set('activity', state.activity);
  }
  if (state.days.length > 0) {
    p.set('day', state.days.join(','));
  }
  if (state.time) {
    p.set('time', state.time);
  }
  if (state.age !== null) {
    p.set('age', String(state.age));
  }
  if (state.gender) {
    p.set('gender', state.gender);
  }
  for (const a of state.access) {
    p.append('access', a);
  }
  if (state.free) {
    p.set('free', '1');
  }
  if (state.places) {
    p.set('places', '1');
  }
  for (const [key, value] of Object.entries(extra)) {
    p.set(key, value);
  }
  return p.toString();
}

/** The place a search is near, in words ("SE15", "your location"). */
export function placeText(state) {
  return state.near ? 'your location' : state.postcode;
}

/** True when the search has somewhere to search near. */
export function hasPlace(state) {
  return Boolean(state.near || state.postcode);
}

/**
 * The FHIR HealthcareService search for a page of results, nearest first, with each service's Location and
 * Organization included.
 *
 * @param state the search
 * @param activity the activity the search names, resolved in the activity list ({code}), or null to match the
 *     typed text against activity labels
 */
export function serviceQuery(state, activity, count = PAGE_SIZE) {
  const p = new URLSearchParams();
  if (state.near) {
    p.set('location.near', `${round(state.near.lat, 5)}|${round(state.near.lng, 5)}|${state.distance}|mi`);
  } else if (state.postcode) {
    p.set('postcode', `${state.postcode}|${state.distance}|mi`);
  }
  if (activity) {
    p.set('service-type:below', `${ACTIVITY_SYSTEM}|${activity.code}`);
  } else if (state.activity) {
    p.set('service-type:text', state.activity);
  }
  if (state.days.length > 0) {
    p.set('day-of-week', state.days.join(','));
  }
  for (const criterion of TIMES[state.time]?.criteria ?? []) {
    p.append('time-of-day', criterion);
  }
  if (state.age !== null) {
    p.set('age', String(state.age));
  }
  if (state.gender) {
    p.set('gender', state.gender);
  }
  for (const a of state.access) {
    p.append('characteristic', a.includes('|') ? a : `${ACCESSIBILITY_SYSTEM}|${a}`);
  }
  if (state.free) {
    p.set('price', '0');
  }
  p.set('_count', String(count));
  p.append('_include', 'HealthcareService:location');
  p.append('_include', 'HealthcareService:organization');
  return `HealthcareService?${p}`;
}

/**
 * The FHIR Slot search for the free sessions of these services from {@code now} for {@code days} days, soonest
 * first, with each Slot's Schedule (whose actor names the service).
 */
export function slotQuery(serviceIds, now, days) {
  const end = new Date(now.getTime() + days * 86_400_000);
  const p = new URLSearchParams();
  p.set('schedule.actor', serviceIds.map((id) => `HealthcareService/${id}`).join(','));
  p.append('start', `ge${isoSeconds(now)}`);
  p.append('start', `lt${isoSeconds(end)}`);
  p.set('status', 'free');
  p.set('_sort', 'start');
  p.set('_count', '500');
  p.set('_include', 'Slot:schedule');
  return `Slot?${p}`;
}

/**
 * One step that widens a search that found nothing: a larger distance, then any day, then the activity's parent
 * (e.g. Football for Walking Football), then any time, then with or without places. Null when nothing is left
 * to widen.
 *
 * @param activities an ActivityIndex, to find the activity's parent
 * @return {{text: string, state: object}|null}
 */
export function wideningHint(state, activities) {
  const next = DISTANCES_MILES.find((d) => d > state.distance);
  if (next !== undefined) {
    return { text: `Search within ${next} miles`, state: { ...state, distance: next } };
  }
  if (state.days.length > 0) {
    return { text: 'Search any day of the week', state: { ...state, days: [] } };
  }
  const activity = state.activity ? activities?.resolve(state.activity) : null;
  const parent = activity ? activities.parentOf(activity.code) : null;
  if (parent) {
    return { text: `Search all ${parent.label} activities`, state: { ...state, activity: parent.label } };
  }
  if (state.activity && !activity) {
    return { text: 'Search any activity', state: { ...state, activity: '' } };
  }
  if (state.time) {
    return { text: 'Search any time of day', state: { ...state, time: '' } };
  }
  if (state.places) {
    return { text: 'Include sessions without places in the next 7 days', state: { ...state, places: false } };
  }
  return null;
}

function round(value, digits) {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

function isoSeconds(date) {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
