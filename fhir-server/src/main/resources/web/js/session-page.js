/** The session page of one activity: reads it, its venue, organiser and next sessions, and shows them. */

import { canRefer } from './account.js';
import { ApiError, getFhir } from './api.js';
import { h, replaceChildren } from './dom.js';
import { distanceKm, readBundle, sessionsByService } from './fhir.js';
import { ResultsMap } from './map.js';
import { hasPlace, placeText, slotQuery, toQueryString } from './query.js';
import { renderSession } from './session.js';

/** How far ahead the page lists sessions with places, and how many at most. */
const HORIZON_DAYS = 56;
const MAX_SESSIONS = 10;

/**
 * Shows the activity {@code id} in {@code view}. The search it was opened from ({@code state}) gives the way back
 * and, when it had a place, the distance from it.
 */
export async function showSessionPage(view, id, state, tileUrl) {
  replaceChildren(view, h('p', { role: 'status' }, 'Loading…'));
  const backHref = `/?${toQueryString(state)}`;
  try {
    const include = '&_include=HealthcareService:location&_include=HealthcareService:organization';
    let bundle = null;
    if (hasPlace(state)) {
      // Searched from a place: ask for the distance too (any distance, so the service is always found).
      const near = state.near
        ? `location.near=${state.near.lat}|${state.near.lng}|500|km`
        : `postcode=${encodeURIComponent(state.postcode)}|500|km`;
      bundle = readBundle(await getFhir(`HealthcareService?_id=${id}&${near}${include}`).catch(() => null));
    }
    if (!bundle || bundle.matches.length === 0) {
      bundle = readBundle(await getFhir(`HealthcareService?_id=${id}${include}`));
    }
    const entry = bundle.matches[0];
    if (!entry) {
      showProblem(view, 'Activity not found', 'It may have finished or been withdrawn by its organiser.', backHref);
      return;
    }
    const service = entry.resource;
    const slots = await getFhir(slotQuery([id], new Date(), HORIZON_DAYS));
    const position = renderSession(view, {
      service,
      location: bundle.byReference.get(service.location?.[0]?.reference) ?? null,
      organization: bundle.byReference.get(service.providedBy?.reference) ?? null,
      distanceKm: distanceKm(entry),
      sessions: (sessionsByService(slots).get(id) ?? []).slice(0, MAX_SESSIONS),
      backHref,
      place: hasPlace(state) ? placeText(state) : null,
      referHref: canRefer()
        ? (slotId) => `/?refer=${encodeURIComponent(id)}${slotId ? `&slot=${encodeURIComponent(slotId)}` : ''}`
        : null,
    });
    document.title = `${service.name}: Activity Finder`;
    if (position) {
      new ResultsMap(view.querySelector('#session-map'), tileUrl, () => {}).show(
        [{ id, number: 1, name: service.name, ...position }],
        null,
      );
    }
    view.querySelector('h1').focus();
  } catch (e) {
    showProblem(view, 'There is a problem', e instanceof ApiError ? e.message : 'Something went wrong.', backHref);
  }
}

function showProblem(view, title, text, backHref) {
  replaceChildren(
    view,
    h('h1', { tabindex: '-1' }, title),
    h('p', {}, text),
    h('p', {}, h('a', { href: backHref }, 'Back to search')),
  );
  view.querySelector('h1').focus();
}
