/**
 * The Activity Finder page: the search form, the results with their map, and the session page, all driven by
 * the query string (every search and session is a URL; back and forward work).
 */

import { canRefer, renderAccount } from './account.js';
import { ActivityIndex } from './activities.js';
import { ApiError, getFhir } from './api.js';
import { completeSignIn } from './auth.js';
import { attachCombobox } from './combobox.js';
import { h, replaceChildren } from './dom.js';
import { distanceKm, hasPlacesWithin, position, readBundle, sessionsByService } from './fhir.js';
import { ResultsMap } from './map.js';
import {
  DAYS,
  WHEELCHAIR,
  emptyState,
  hasPlace,
  parseState,
  placeText,
  serviceQuery,
  slotQuery,
  toQueryString,
  wideningHint,
} from './query.js';
import { isReferralView, showReferralView } from './referral-views.js';
import { resultItem } from './results.js';
import { showSessionPage } from './session-page.js';

const SESSION_HORIZON_DAYS = 28;
/** An activity-list code (a UUID). */
const ACTIVITY_CODE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PLACES_DAYS = 7;
/** How many pages one search or "more" reads at most to find results with places ("more" then goes on). */
const MAX_PAGES_PER_STEP = 5;

// Back from the sign-in page: finish signing in and restore the URL it started from, before anything reads the URL.
await completeSignIn();

const $ = (id) => document.getElementById(id);
const form = $('search');
const tileUrl = document.body.dataset.tileUrl;

let activities = null;
const activitiesLoaded = getFhir('CodeSystem/activity-list')
  .then((cs) => {
    activities = ActivityIndex.fromCodeSystem(cs);
  })
  .catch(() => {
    activities = null; // the search still works on activity text
  });
const accessLoaded = loadAccessibilityOptions();

let map = null;
let current = null; // the search shown: {state, next, number, shown, scanned, total, controller}

attachCombobox($('activity'), $('activity-options'), (text) => (activities ? activities.search(text) : []));
form.addEventListener('submit', (e) => {
  e.preventDefault();
  const state = readForm();
  if (!hasPlace(state)) {
    showPostcodeError('Enter a postcode or area, or use your location');
    return;
  }
  navigate(`/?${toQueryString(state)}`);
});
$('postcode').addEventListener('input', () => {
  form.elements.near.value = '';
  showPostcodeError(null);
});
$('use-location').addEventListener('click', useMyLocation);
$('more').addEventListener('click', () => loadMore());
$('print-results').addEventListener('click', () => window.print());
$('results').addEventListener('change', (e) => {
  if (e.target.classList.contains('choose-box')) {
    e.target.closest('.result').classList.toggle('chosen', e.target.checked);
    updateChosen();
  }
});
document.addEventListener('click', (e) => {
  const link = e.target.closest('a[href^="/?"], a[href="/"]');
  if (link && !e.ctrlKey && !e.metaKey && !e.shiftKey && e.button === 0) {
    e.preventDefault();
    navigate(link.getAttribute('href'));
  }
});
window.addEventListener('popstate', () => route());
window.addEventListener('beforeprint', () => map?.resize());

route();

function navigate(href) {
  if (href !== location.pathname + location.search) {
    history.pushState(null, '', href);
  }
  route();
}

/** Shows what the URL says: a session page, or the search form with its results. */
async function route() {
  delete $('results-section').dataset.shown;
  const params = new URLSearchParams(location.search);
  const state = parseState(params);
  const serviceId = params.get('service');
  // Before anything asks canRefer(): the account area records who is signed in.
  await renderAccount($('account'), () => route());
  if (isReferralView(params)) {
    current?.controller.abort();
    $('search-view').hidden = true;
    $('session-view').hidden = true;
    $('referral-view').hidden = false;
    await showReferralView($('referral-view'), params, navigate);
    return;
  }
  $('referral-view').hidden = true;
  fillForm(state);
  // The accessibility options arrive from the API; the search need not wait for them.
  accessLoaded.then(() => fillAccess(state));
  if (serviceId && /^[A-Za-z0-9.-]{1,64}$/.test(serviceId)) {
    await showSession(serviceId, state);
    return;
  }
  $('session-view').hidden = true;
  $('search-view').hidden = false;
  document.title = 'Activity Finder: find local physical activity sessions';
  if (hasPlace(state)) {
    await search(state);
  } else {
    $('results-section').hidden = true;
  }
}

function readForm() {
  const data = new FormData(form);
  const state = emptyState();
  const near = String(data.get('near') ?? '');
  if (near) {
    const [lat, lng] = near.split(',').map(Number);
    state.near = { lat, lng };
  } else {
    state.postcode = String(data.get('postcode') ?? '').trim().toUpperCase();
  }
  state.distance = Number(data.get('distance'));
  state.activity = String(data.get('activity') ?? '').trim();
  state.days = DAYS.filter((d) => data.getAll('day').includes(d));
  state.time = String(data.get('time') ?? '');
  const age = String(data.get('age') ?? '').trim();
  state.age = age === '' ? null : Number(age);
  state.gender = String(data.get('gender') ?? '');
  state.access = data.getAll('access').map(String);
  state.free = data.get('free') === '1';
  state.places = data.get('places') === '1';
  // Round-trip through the URL form so the page shows exactly what the URL will say.
  return parseState(toQueryString(state));
}

function fillForm(state) {
  form.elements.near.value = state.near ? `${state.near.lat},${state.near.lng}` : '';
  $('postcode').value = state.near ? '' : state.postcode;
  $('postcode').placeholder = state.near ? 'Using your location' : '';
  $('distance').value = String(state.distance);
  $('activity').value = state.activity;
  for (const box of form.querySelectorAll('input[name="day"]')) {
    box.checked = state.days.includes(box.value);
  }
  for (const radio of form.querySelectorAll('input[name="time"]')) {
    radio.checked = radio.value === state.time;
  }
  $('age').value = state.age ?? '';
  $('gender').value = state.gender;
  fillAccess(state);
  $('free').checked = state.free;
  $('places').checked = state.places;
  const filtered =
    state.days.length || state.time || state.age !== null || state.gender || state.access.length || state.free || state.places;
  if (filtered) {
    $('more-filters').open = true;
  }
}

function fillAccess(state) {
  for (const box of form.querySelectorAll('input[name="access"]')) {
    box.checked = state.access.includes(box.value);
  }
}

async function loadAccessibilityOptions() {
  const container = $('access-options');
  const options = [];
  try {
    const cs = await getFhir('CodeSystem/accessibility-support');
    for (const c of cs.concept ?? []) {
      options.push({ value: c.code, label: `${c.display} support` });
    }
  } catch {
    // Not published by this server: the venue access option still works.
  }
  options.push({ value: WHEELCHAIR, label: 'Wheelchair accessible venue' });
  replaceChildren(
    container,
    options.map((o, i) =>
      h('div', { class: 'check' }, h('input', { type: 'checkbox', id: `access-${i}`, name: 'access', value: o.value }), h('label', { for: `access-${i}` }, o.label)),
    ),
  );
}

async function search(state) {
  current?.controller.abort();
  const controller = new AbortController();
  current = { state, next: null, number: 0, shown: 0, scanned: 0, total: null, controller };
  const section = $('results-section');
  section.hidden = false;
  section.setAttribute('aria-busy', 'true');
  setStatus('Searching…');
  $('no-results').hidden = true;
  $('more').hidden = true;
  $('search-error').hidden = true;
  replaceChildren($('results'));
  updateChosen();
  ensureMap();
  map.show([], state.near ?? null);
  try {
    // A deep link may name the activity by its code: that searches at once; a label needs the list first.
    const byCode = ACTIVITY_CODE.test(state.activity) ? { code: state.activity } : null;
    if (state.activity && !byCode) {
      await activitiesLoaded;
    }
    const activity = byCode ?? (activities && state.activity ? activities.resolve(state.activity) : null);
    activitiesLoaded.then(() => {
      const named = byCode && activities?.get(byCode.code);
      if (named && $('activity').value === state.activity) {
        $('activity').value = named.label;
      }
    });
    if (activity?.label) {
      $('activity').value = activity.label;
    }
    $('activity-note').hidden = !(state.activity && activities && !activity);
    $('activity-note').textContent = `“${state.activity}” is not in the activity list: showing activities whose name includes it.`;
    const found = await collect(serviceQuery(state, activity), state, controller.signal);
    current.total = found.total;
    current.next = found.next;
    current.scanned += found.scanned;
    render(found.results, state, true);
  } catch (e) {
    if (e.name !== 'AbortError') {
      showError(e);
    }
  } finally {
    section.removeAttribute('aria-busy');
    if (!controller.signal.aborted) {
      section.dataset.shown = location.search; // which search the list shows (tests wait for it)
      section.dataset.shownAt = String(Math.round(performance.now())); // ms since the page began loading
    }
  }
}

/**
 * Reads pages from {@code firstUrl} until one gives at least one result to show (more pages only when "has
 * places" leaves a page empty), and adds each result's next sessions.
 */
async function collect(firstUrl, state, signal) {
  let url = firstUrl;
  const results = [];
  let total = null;
  let scanned = 0;
  for (let page = 0; url && page < MAX_PAGES_PER_STEP && results.length === 0; page++) {
    const bundle = readBundle(await getFhir(url, { signal }));
    total ??= bundle.total;
    url = bundle.next;
    if (bundle.matches.length === 0) {
      break;
    }
    scanned += bundle.matches.length;
    const now = new Date();
    const ids = bundle.matches.map((m) => m.resource.id);
    const sessions = sessionsByService(await getFhir(slotQuery(ids, now, SESSION_HORIZON_DAYS), { signal }));
    for (const entry of bundle.matches) {
      const service = entry.resource;
      const list = sessions.get(service.id) ?? [];
      if (state.places && !hasPlacesWithin(list, now, PLACES_DAYS)) {
        continue;
      }
      results.push({
        service,
        location: bundle.byReference.get(service.location?.[0]?.reference) ?? null,
        organization: bundle.byReference.get(service.providedBy?.reference) ?? null,
        distanceKm: distanceKm(entry),
        sessions: list,
      });
    }
  }
  return { results, total, next: url, scanned };
}

async function loadMore() {
  if (!current?.next) {
    return;
  }
  const { state, controller } = current;
  $('more').disabled = true;
  setStatus('Loading more results…');
  try {
    const found = await collect(current.next, state, controller.signal);
    current.next = found.next;
    current.scanned += found.scanned;
    render(found.results, state, false);
  } catch (e) {
    if (e.name !== 'AbortError') {
      showError(e);
    }
  } finally {
    $('more').disabled = false;
  }
}

function render(results, state, first) {
  const list = $('results');
  const qs = toQueryString(state);
  const referrer = canRefer();
  const numbered = results.map((r) => ({
    ...r,
    number: ++current.number,
    sessionHref: `/?service=${encodeURIComponent(r.service.id)}${qs ? `&${qs}` : ''}`,
    referHref: referrer ? `/?refer=${encodeURIComponent(r.service.id)}` : null,
  }));
  const items = numbered.map((r) => resultItem(r, (id) => select(id, true)));
  list.append(...items);
  for (const item of items) {
    item.addEventListener('click', (e) => {
      if (!e.target.closest('a, button, input, label')) {
        select(item.dataset.id, true);
      }
    });
  }
  current.shown += results.length;
  const markers = numbered.map((r) => ({ id: r.service.id, number: r.number, name: r.service.name, ...(position(r.location) ?? {}) }));
  if (first) {
    map.show(markers, state.near ?? null);
  } else {
    map.append(markers);
  }
  const where = placeText(state);
  const miles = `${state.distance} ${state.distance === 1 ? 'mile' : 'miles'}`;
  if (current.shown === 0) {
    $('results-heading').textContent = `No sessions match within ${miles} of ${where}`;
    showHint(state);
    setStatus(`No sessions match within ${miles} of ${where}.`);
  } else {
    const total = current.total ?? current.shown;
    $('results-heading').textContent = state.places
      ? `${current.shown} of the ${current.scanned} nearest activities within ${miles} of ${where} have places in the next 7 days`
      : `${total} ${total === 1 ? 'activity' : 'activities'} within ${miles} of ${where}`;
    setStatus(`${$('results-heading').textContent}. Showing ${current.shown}, nearest first.`);
  }
  $('more').hidden = !current.next;
  if (first) {
    $('results-heading').focus();
  } else if (items[0]) {
    items[0].querySelector('a').focus();
  }
}

function showHint(state) {
  const hint = wideningHint(state, activities);
  const box = $('no-results');
  replaceChildren(
    box,
    h('p', {}, 'No sessions match all of your choices.'),
    hint
      ? h('p', {}, 'Try widening the search: ', h('a', { href: `/?${toQueryString(hint.state)}`, class: 'hint-link' }, hint.text), '.')
      : h('p', {}, 'Try another postcode or fewer filters.'),
  );
  box.hidden = false;
}

function select(id, fromList) {
  for (const item of $('results').children) {
    item.classList.toggle('selected', item.dataset.id === id);
  }
  map?.select(id, fromList);
  if (!fromList) {
    const item = $(`result-${id}`);
    item?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
    item?.querySelector('a')?.focus({ preventScroll: true });
  }
}

function ensureMap() {
  if (!map) {
    map = new ResultsMap($('map'), tileUrl, (id) => select(id, false));
  } else {
    map.resize();
  }
}

function updateChosen() {
  const chosen = $('results').querySelectorAll('.result.chosen').length;
  document.body.classList.toggle('has-chosen', chosen > 0);
  $('print-results').textContent = chosen > 0 ? `Print ${chosen} chosen` : 'Print results';
}

/** Shows (or, with null, clears) the error message of the postcode field. */
function showPostcodeError(message) {
  const input = $('postcode');
  const error = $('postcode-error');
  error.hidden = !message;
  error.textContent = message ? `Error: ${message}` : '';
  input.closest('.field').classList.toggle('field-error', Boolean(message));
  if (message) {
    input.setAttribute('aria-invalid', 'true');
    input.focus();
  } else {
    input.removeAttribute('aria-invalid');
  }
}

function setStatus(text) {
  $('status').textContent = text;
}

function showError(e) {
  const box = $('search-error');
  box.hidden = false;
  let message = e instanceof ApiError ? e.message : 'Something went wrong. Please try again.';
  if (e instanceof ApiError && e.status === 400 && /unknown UK postcode/.test(e.message) && current?.state.postcode) {
    message = `No UK postcode or area ${current.state.postcode} is known. Check it and try again, for example SE15 or SE15 4QA.`;
  }
  replaceChildren(box, h('h2', { class: 'small-heading' }, 'There is a problem'), h('p', {}, message));
  $('results-heading').textContent = 'No results';
  setStatus(box.textContent);
  box.focus();
}

function useMyLocation() {
  const button = $('use-location');
  if (!navigator.geolocation) {
    $('location-error').textContent = 'Your browser cannot share your location. Enter a postcode instead.';
    $('location-error').hidden = false;
    return;
  }
  button.disabled = true;
  $('location-error').hidden = true;
  navigator.geolocation.getCurrentPosition(
    (p) => {
      button.disabled = false;
      form.elements.near.value = `${p.coords.latitude},${p.coords.longitude}`;
      navigate(`/?${toQueryString(readForm())}`);
    },
    () => {
      button.disabled = false;
      $('location-error').textContent = 'Your location could not be found. Enter a postcode instead.';
      $('location-error').hidden = false;
    },
    { timeout: 10000, maximumAge: 300000 },
  );
}

async function showSession(id, state) {
  current?.controller.abort();
  $('search-view').hidden = true;
  const view = $('session-view');
  view.hidden = false;
  await showSessionPage(view, id, state, tileUrl);
}
