/** One search result as a list item: what a link worker needs to choose, and what a printout needs to keep. */

import { h } from './dom.js';
import { accessibilityBadges, activityLabel, addressText, contacts, priceText } from './fhir.js';
import { miles, placesText, sessionTime } from './format.js';

/**
 * @param r {number, service, location, organization, distanceKm, sessions, sessionHref, referHref (null unless
 *     the signed-in user may refer)}
 * @param onShowOnMap (id) => void
 */
export function resultItem(r, onShowOnMap) {
  const s = r.service;
  const price = priceText(s);
  const badges = accessibilityBadges(s);
  const organiser = r.organization?.name ?? s.providedBy?.display ?? null;
  const phone = contacts(r.organization).phone[0] ?? contacts(r.location).phone[0] ?? null;
  const email = contacts(r.organization).email[0] ?? null;
  const headingId = `result-${s.id}-name`;
  const next = (r.sessions ?? []).slice(0, 3);
  return h(
    'li',
    { class: 'result', id: `result-${s.id}`, 'data-id': s.id, 'aria-labelledby': headingId },
    h('span', { class: 'result-number', 'aria-hidden': 'true' }, String(r.number)),
    h(
      'div',
      { class: 'result-body' },
      h(
        'h3',
        { class: 'result-name', id: headingId },
        h('a', { href: r.sessionHref }, h('span', { class: 'visually-hidden' }, `${r.number}. `), s.name ?? 'Activity'),
      ),
      h(
        'p',
        { class: 'result-meta' },
        activityLabel(s) ? h('span', { class: 'tag' }, activityLabel(s)) : null,
        r.distanceKm !== null ? h('span', { class: 'distance' }, miles(r.distanceKm)) : null,
        price ? h('span', { class: price.startsWith('Free') ? 'price free' : 'price' }, price) : null,
      ),
      h(
        'dl',
        { class: 'result-facts' },
        organiser ? [h('dt', {}, 'Organiser'), h('dd', {}, organiser)] : null,
        r.location ? [h('dt', {}, 'Where'), h('dd', {}, r.location.name ?? addressText(r.location))] : null,
        phone ? [h('dt', { class: 'print-only' }, 'Phone'), h('dd', { class: 'print-only' }, phone)] : null,
        email ? [h('dt', { class: 'print-only' }, 'Email'), h('dd', { class: 'print-only' }, email)] : null,
        r.location && addressText(r.location)
          ? [h('dt', { class: 'print-only' }, 'Address'), h('dd', { class: 'print-only' }, addressText(r.location))]
          : null,
      ),
      badges.length > 0
        ? h(
            'ul',
            { class: 'badges', 'aria-label': 'Accessibility support' },
            badges.map((b) => h('li', { class: 'badge' }, b)),
          )
        : null,
      h('h4', { class: 'sessions-heading' }, 'Next sessions with places'),
      next.length > 0
        ? h(
            'ul',
            { class: 'sessions' },
            next.map((x) =>
              h('li', {}, h('span', { class: 'when' }, sessionTime(x.start, x.end)), ' ', h('span', { class: 'places' }, placesText(x.remaining))),
            ),
          )
        : h('p', { class: 'no-sessions' }, 'No sessions with places in the next 4 weeks.'),
      h(
        'div',
        { class: 'result-actions no-print' },
        h('a', { class: 'button secondary small', href: r.sessionHref, 'aria-label': `View details of ${s.name}` }, 'View details'),
        r.referHref
          ? h('a', { class: 'button primary small refer', href: r.referHref, 'aria-label': `Refer someone to ${s.name}` }, 'Refer')
          : null,
        r.location?.position
          ? h(
              'button',
              { type: 'button', class: 'button tertiary small', onclick: () => onShowOnMap(s.id), 'aria-label': `Show ${s.name} on the map` },
              'Show on map',
            )
          : null,
        h(
          'label',
          { class: 'choose' },
          h('input', { type: 'checkbox', class: 'choose-box', 'data-id': s.id }),
          ' Add ',
          h('span', { class: 'visually-hidden' }, `${s.name} `),
          'to printout',
        ),
      ),
    ),
  );
}
