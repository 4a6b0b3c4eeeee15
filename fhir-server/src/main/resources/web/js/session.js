/** The session page: everything the directory says about one activity, its next sessions and its source. */

import { h, externalLink, markdownParagraphs, replaceChildren } from './dom.js';
import {
  accessibilityBadges,
  activityLabel,
  addressText,
  attribution,
  contacts,
  eligibility,
  levels,
  offers,
  position,
  priceText,
} from './fhir.js';
import { miles, placesText, sessionTime, timestamp, weeklyTime } from './format.js';

const LICENCES = {
  'https://creativecommons.org/licenses/by/4.0/': 'CC BY 4.0',
};

/**
 * Renders the page into {@code container}.
 *
 * @param d {service, location, organization, distanceKm, sessions, backHref, place, referHref: (slotId or null) =>
 *     the referral form's URL, or null unless the signed-in user may refer}
 */
export function renderSession(container, d) {
  const s = d.service;
  const loc = d.location;
  const org = d.organization;
  const price = priceText(s);
  const where = addressText(loc);
  const pos = position(loc);
  const a = attribution(s);
  const serviceContacts = contacts(s); // the service's own url is its booking page
  const orgContacts = contacts(org);
  const locContacts = contacts(loc);
  const booking = serviceContacts.url[0] ?? offers(s).find((o) => o.url)?.url ?? null;
  const facts = [
    ['Activity', activityLabel(s)],
    ['Organiser', org?.name ?? s.providedBy?.display],
    ['Price', offersList(s) ?? price],
    ['When', (s.availableTime ?? []).map(weeklyTime).join('; ') || null],
    ['Level', levels(s).join(', ') || null],
    ['Who can go', eligibility(s).join('. ') || null],
    ['Accessibility', accessibilityBadges(s).join(', ') || null],
    ['Programme', s.program?.map((p) => p.text).filter(Boolean).join(', ') || null],
    ['Booking', s.appointmentRequired === true ? 'Book in advance' : s.appointmentRequired === false ? 'No booking needed' : null],
  ].filter(([, v]) => v);

  replaceChildren(
    container,
    h(
      'nav',
      { class: 'back no-print', 'aria-label': 'Back' },
      h('a', { href: d.backHref, class: 'back-link' }, d.place ? 'Back to results' : 'Back to search'),
    ),
    h(
      'article',
      { class: 'session-page', 'aria-labelledby': 'session-title' },
      h(
        'div',
        { class: 'title-bar' },
        h('h1', { id: 'session-title', tabindex: '-1' }, s.name ?? 'Activity'),
        h(
          'div',
          { class: 'title-actions no-print' },
          d.referHref ? h('a', { class: 'button primary', id: 'refer-service', href: d.referHref(null) }, 'Refer someone') : null,
          h('button', { type: 'button', class: 'button secondary', onclick: () => window.print() }, 'Print this page'),
        ),
      ),
      h(
        'p',
        { class: 'result-meta' },
        activityLabel(s) ? h('span', { class: 'tag' }, activityLabel(s)) : null,
        d.distanceKm !== null && d.distanceKm !== undefined
          ? h('span', { class: 'distance' }, `${miles(d.distanceKm)} from ${d.place}`)
          : null,
        price ? h('span', { class: price.startsWith('Free') ? 'price free' : 'price' }, price) : null,
      ),
      s.active === false ? h('p', { class: 'warning' }, 'This activity has been cancelled by its organiser.') : null,
      h(
        'div',
        { class: 'session-layout' },
        h(
          'div',
          { class: 'session-main' },
          s.comment ? h('section', { 'aria-labelledby': 'about' }, h('h2', { id: 'about' }, 'About'), h('p', {}, s.comment)) : null,
          s.extraDetails
            ? h('section', { 'aria-labelledby': 'details' }, h('h2', { id: 'details' }, 'What to know before you go'), markdownParagraphs(s.extraDetails))
            : null,
          h('section', { 'aria-labelledby': 'facts' }, h('h2', { id: 'facts' }, 'Details'), h('dl', { class: 'facts' }, facts.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]))),
          h(
            'section',
            { 'aria-labelledby': 'next' },
            h('h2', { id: 'next' }, 'Next sessions with places'),
            d.sessions.length > 0
              ? h(
                  'ul',
                  { class: 'sessions long' },
                  d.sessions.map((x) =>
                    h(
                      'li',
                      {},
                      h('span', { class: 'when' }, sessionTime(x.start, x.end, true)),
                      ' ',
                      h('span', { class: 'places' }, placesText(x.remaining)),
                      x.booking ? [' ', h('span', { class: 'no-print' }, bookingLink(x))] : null,
                      d.referHref ? [' ', referLink(x, d.referHref)] : null,
                    ),
                  ),
                )
              : h('p', {}, 'No sessions with places in the next 8 weeks.'),
          ),
          booking
            ? h('p', { class: 'no-print' }, h('a', { class: 'button primary', href: booking, rel: 'noopener noreferrer external' }, 'Book or find out more'), h('span', { class: 'hint block' }, 'Opens the organiser\u2019s website.'))
            : null,
        ),
        h(
          'aside',
          { class: 'session-side', 'aria-label': 'Where and who to contact' },
          h('h2', {}, 'Where'),
          loc?.name ? h('p', { class: 'strong' }, loc.name) : null,
          where ? h('p', {}, where) : null,
          pos ? h('div', { id: 'session-map', class: 'session-map', role: 'region', 'aria-label': `Map showing ${loc?.name ?? 'the venue'}` }) : null,
          pos
            ? h(
                'p',
                { class: 'hint' },
                `Position ${pos.lat.toFixed(5)}, ${pos.lng.toFixed(5)}. `,
                externalLink(`https://www.openstreetmap.org/?mlat=${pos.lat}&mlon=${pos.lng}#map=17/${pos.lat}/${pos.lng}`, 'Open in OpenStreetMap'),
              )
            : null,
          h('h2', {}, 'Contact'),
          contactList(orgContacts, locContacts),
        ),
      ),
      a ? attributionNote(a) : null,
    ),
  );
  return pos;
}

function bookingLink(session) {
  const link = externalLink(session.booking, 'Book');
  link.append(h('span', { class: 'visually-hidden' }, ` the session on ${sessionTime(session.start, session.end, true)}`));
  return link;
}

/** "Refer" to one session: the link names the session to screen readers. */
function referLink(session, referHref) {
  return h(
    'a',
    { class: 'button secondary small refer-session no-print', href: referHref(session.id), 'data-slot': session.id },
    'Refer',
    h('span', { class: 'visually-hidden' }, ` someone to the session on ${sessionTime(session.start, session.end, true)}`),
  );
}

function offersList(service) {
  const list = offers(service).filter((o) => typeof o.price === 'number');
  if (list.length < 2) {
    return null;
  }
  return list.map((o) => `${o.name ?? 'Price'}: ${o.price === 0 ? 'free' : `£${o.price.toFixed(2)}`}`).join('; ');
}

function contactList(...sources) {
  const phones = [...new Set(sources.flatMap((c) => c.phone))];
  const emails = [...new Set(sources.flatMap((c) => c.email))];
  const sites = [...new Set(sources.flatMap((c) => c.url))].slice(0, 3);
  if (phones.length + emails.length + sites.length === 0) {
    return h('p', {}, 'The organiser has not published contact details.');
  }
  return h(
    'ul',
    { class: 'contacts' },
    phones.map((p) => h('li', {}, 'Phone: ', h('a', { href: `tel:${p.replace(/\s+/g, '')}` }, p))),
    emails.map((e) => h('li', {}, 'Email: ', h('a', { href: `mailto:${e}` }, e))),
    sites.map((u) => h('li', {}, 'Website: ', externalLink(u, u.replace(/^https?:\/\//, '')))),
  );
}

function attributionNote(a) {
  const licence = LICENCES[a.license] ?? a.license;
  return h(
    'footer',
    { class: 'attribution' },
    h('h2', { class: 'small-heading' }, 'Source of this information'),
    h(
      'p',
      {},
      'Published as open data by ',
      a.publisher ?? 'its organiser',
      a.license ? [' under ', externalLink(a.license, licence)] : null,
      '. ',
      a.source ? ['Original record: ', externalLink(a.source, a.source), '. '] : null,
      a.harvested ? `Last collected ${timestamp(a.harvested)}.` : null,
    ),
  );
}
