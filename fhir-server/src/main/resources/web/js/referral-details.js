/** How one referral reads on the page: its person, activity, session and where it stands. Shared by every view. */

import { getFhir } from './api.js';
import { h } from './dom.js';
import { session } from './fhir.js';
import { sessionTime } from './format.js';

const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const stampFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/London' });
const CONTACT_LABELS = { phone: 'Phone', email: 'Email', letter: 'Letter to' };

/** "11 February 1950" from a FHIR date. */
export function birthDateText(date) {
  return date ? dateFormat.format(new Date(`${date}T00:00:00Z`)) : null;
}

/** "7 Dec 2026, 10:15" from a FHIR instant. */
export function sentText(instant) {
  return instant ? stampFormat.format(new Date(instant)) : null;
}

/** "943 476 5919". */
export function nhsNumberText(digits) {
  return digits ? `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}` : null;
}

/** "Phone: 07700 900982". */
export function contactText(contact) {
  return contact ? `${CONTACT_LABELS[contact.method] ?? contact.method}: ${contact.value}` : null;
}

/** The status as a badge: "Accepted", with the business status or the reason given. */
export function statusBadge(row) {
  return h(
    'span',
    { class: `status status-${row.status ?? 'none'}`, 'data-status': row.status ?? '' },
    row.statusLabel,
    row.businessStatus ? `: ${row.businessStatus}` : null,
  );
}

/**
 * The facts of a referral as a description list.
 *
 * @param row a row of referral-list.js
 * @param options {session: {start, end} or null, personal: also the NHS number, birth date and contact}
 */
export function referralFacts(row, { session = null, personal = true } = {}) {
  const facts = [
    ['Activity', row.serviceId ? h('a', { href: `/?service=${encodeURIComponent(row.serviceId)}` }, row.activity ?? 'The activity') : row.activity],
    ['Session', session ? sessionTime(session.start, session.end, true) : row.slotId ? 'A session chosen (no longer listed)' : 'Any session'],
    personal ? ['NHS number', nhsNumberText(row.nhsNumber)] : null,
    personal ? ['Date of birth', birthDateText(row.birthDate)] : null,
    personal ? ['Contact by', contactText(row.contact)] : null,
    ['Reason', row.reason],
    ['Sent', sentText(row.authoredOn)],
    ['Status', statusBadge(row)],
    row.statusReason ? ['Reason given', row.statusReason] : null,
  ].filter((f) => f && f[1]);
  return h('dl', { class: 'facts' }, facts.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}

/** The sessions (Slots, public) the rows name, read at once: Map<slotId, {start, end, remaining}>. */
export async function loadSessions(rows) {
  const ids = [...new Set(rows.map((r) => r.slotId).filter(Boolean))];
  const read = await Promise.all(ids.map((id) => getFhir(`Slot/${encodeURIComponent(id)}`).then(session).catch(() => null)));
  return new Map(ids.map((id, i) => [id, read[i]]).filter(([, s]) => s));
}
