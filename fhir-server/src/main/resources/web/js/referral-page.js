/** One referral (?referral=<ServiceRequest id>): what was sent, and where its Task stands now. */

import { h, replaceChildren } from './dom.js';
import { referralFetch } from './referral-api.js';
import { loadSessions, referralFacts } from './referral-details.js';
import { referralRows } from './referral-list.js';

export const REFERRAL_INCLUDES = '_revinclude=Task:focus&_include=ServiceRequest:patient&_include=ServiceRequest:performer';

/** Shows the referral {@code id}; {@code justSent} when the form has just made it. */
export async function showReferral(view, user, id, justSent) {
  replaceChildren(view, h('p', { role: 'status' }, 'Loading…'));
  const bundle = await referralFetch(user, `ServiceRequest?_id=${encodeURIComponent(id)}&${REFERRAL_INCLUDES}`);
  const [row] = referralRows(bundle);
  if (!row) {
    replaceChildren(
      view,
      h('h1', { tabindex: '-1' }, 'Referral not found'),
      h('p', {}, 'It is not one your organisation made or received.'),
      h('p', {}, h('a', { href: '/?view=referrals' }, 'My referrals')),
    );
    view.querySelector('h1').focus();
    return;
  }
  const sessions = await loadSessions([row]);
  replaceChildren(
    view,
    h('nav', { class: 'back', 'aria-label': 'Back' }, h('a', { href: user.role === 'provider' ? '/?view=provider' : '/?view=referrals', class: 'back-link' }, user.role === 'provider' ? 'Referrals to your services' : 'My referrals')),
    h(
      'article',
      { class: 'panel referral-page', 'aria-labelledby': 'referral-title', 'data-id': row.id },
      h('h1', { id: 'referral-title', tabindex: '-1' }, justSent ? 'Referral sent' : 'Referral', row.person ? ` for ${row.person}` : ''),
      justSent
        ? h(
            'p',
            { class: 'confirmation', role: 'status' },
            `The provider has received the referral to ${row.activity ?? 'the activity'}. Its status is `,
            h('strong', {}, row.statusLabel),
            ': it changes when the provider accepts or declines it. Follow it in ',
            h('a', { href: '/?view=referrals' }, 'My referrals'),
            '.',
          )
        : null,
      referralFacts(row, { session: sessions.get(row.slotId) ?? null }),
      h('p', { class: 'hint' }, `Reference: ${row.request.identifier?.[0]?.value ?? row.id}`),
    ),
  );
  view.querySelector('h1').focus();
}
