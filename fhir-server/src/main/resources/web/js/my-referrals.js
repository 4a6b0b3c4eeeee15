/**
 * "My referrals" (?view=referrals): the organisation's referrals, newest first, with their Task status, marking
 * those that changed since the organisation's last visit (remembered in this browser).
 */

import { h, replaceChildren } from './dom.js';
import { referralFetch } from './referral-api.js';
import { loadSessions, referralFacts, sentText } from './referral-details.js';
import { markChanges, readLastVisit, referralRows, saveLastVisit, visitMark } from './referral-list.js';
import { REFERRAL_INCLUDES } from './referral-page.js';

const PAGE_SIZE = 50;

export async function showMyReferrals(view, user) {
  replaceChildren(view, h('p', { role: 'status' }, 'Loading…'));
  const bundle = await referralFetch(user, `ServiceRequest?${REFERRAL_INCLUDES}&_sort=-_lastUpdated&_count=${PAGE_SIZE}`);
  const lastVisit = readLastVisit(localStorage, user.organization);
  const rows = markChanges(referralRows(bundle), lastVisit);
  saveLastVisit(localStorage, user.organization, visitMark(rows, lastVisit));
  const sessions = await loadSessions(rows);
  const changed = rows.filter((r) => r.change).length;
  replaceChildren(
    view,
    h(
      'section',
      { class: 'panel', 'aria-labelledby': 'referrals-title' },
      h(
        'div',
        { class: 'title-bar' },
        h('h1', { id: 'referrals-title', tabindex: '-1' }, 'My referrals'),
        h('a', { class: 'button secondary', href: '/?view=referrals', id: 'refresh-referrals' }, 'Check for changes'),
      ),
      h('p', {}, `Referrals made by ${user.organizationName}, most recently changed first.`),
      h(
        'p',
        { id: 'changes-summary', class: 'note', role: 'status' },
        lastVisit === null
          ? 'From your next visit, referrals that change are marked here.'
          : changed === 0
            ? `Nothing has changed since your last visit (${sentText(lastVisit)}).`
            : `${changed} ${changed === 1 ? 'referral has' : 'referrals have'} changed since your last visit (${sentText(lastVisit)}).`,
      ),
      rows.length === 0
        ? h('p', {}, 'No referrals yet. Search for an activity and choose \u201cRefer\u201d to make one.')
        : h('ol', { class: 'referral-list', 'aria-label': 'Referrals' }, rows.map((r) => referralItem(r, sessions))),
    ),
  );
  view.querySelector('h1').focus();
}

function referralItem(row, sessions) {
  const headingId = `referral-${row.id}-name`;
  return h(
    'li',
    { class: `referral${row.change ? ' changed' : ''}`, 'data-id': row.id, 'data-status': row.status ?? '', 'aria-labelledby': headingId },
    h(
      'h2',
      { class: 'referral-name', id: headingId },
      h('a', { href: `/?referral=${encodeURIComponent(row.id)}` }, row.person ?? 'Referral'),
      row.change ? [' ', h('span', { class: 'change-mark' }, row.change === 'new' ? 'New' : 'Updated')] : null,
    ),
    referralFacts(row, { session: sessions.get(row.slotId) ?? null, personal: false }),
  );
}
