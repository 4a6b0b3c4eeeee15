/** The header's account area: who is signed in, their referral pages, and signing in or out. */

import { currentUser, signIn, signOut } from './auth.js';
import { h, replaceChildren } from './dom.js';

/** Fills {@code nav}; {@code onChange()} runs after signing out (the page shows what the URL says again). */
export function renderAccount(nav, onChange) {
  const user = currentUser();
  if (!user) {
    replaceChildren(nav, h('button', { type: 'button', class: 'button header-button', id: 'sign-in', onclick: () => signIn() }, 'Sign in'));
    return;
  }
  const link =
    user.role === 'provider'
      ? h('a', { href: '/?view=provider', id: 'provider-link' }, 'Referrals to us')
      : h('a', { href: '/?view=referrals', id: 'my-referrals-link' }, 'My referrals');
  replaceChildren(
    nav,
    h('span', { class: 'signed-in', id: 'signed-in-as' }, `Signed in as ${user.name} (${user.organization})`),
    link,
    h(
      'button',
      {
        type: 'button',
        class: 'button header-button',
        id: 'sign-out',
        onclick: async () => {
          await signOut();
          onChange();
        },
      },
      'Sign out',
    ),
  );
}

/** True when the signed-in user may refer (shows the "Refer" buttons). */
export function canRefer() {
  return currentUser()?.role === 'referrer';
}
