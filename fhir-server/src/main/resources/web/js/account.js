/**
 * The page header's account area: "Sign in" (with why the last sign-in failed, if it did), or
 * "Signed in as <name> (<organisation>)" with the person's referral page and "Sign out".
 */

import { currentUser, signIn, signInError, signOut } from './auth.js';
import { h, replaceChildren } from './dom.js';

/** The person the account area last showed; what canRefer() answers from (render first, then ask). */
let shown = null;

/**
 * Fills {@code container} for whoever is signed in now; {@code onChange()} runs after signing out (the page then
 * shows what the URL says again, now without the signed-in parts).
 */
export async function renderAccount(container, onChange) {
  const user = await currentUser();
  shown = user;
  if (!user) {
    const error = signInError();
    const button = h('button', { type: 'button', class: 'button header-button', id: 'sign-in' }, 'Sign in');
    button.addEventListener('click', () => {
      button.disabled = true;
      signIn().catch(() => {
        button.disabled = false;
      });
    });
    replaceChildren(
      container,
      error ? h('p', { class: 'account-error', role: 'alert' }, error) : null,
      h('span', { class: 'account-hint' }, 'Link workers and providers: '),
      button,
    );
    return;
  }
  const link =
    user.role === 'provider'
      ? h('a', { href: '/?view=provider', id: 'provider-link' }, 'Referrals to us')
      : h('a', { href: '/?view=referrals', id: 'my-referrals-link' }, 'My referrals');
  const button = h('button', { type: 'button', class: 'button header-button', id: 'sign-out' }, 'Sign out');
  button.addEventListener('click', async () => {
    button.disabled = true;
    await signOut();
    shown = null;
    document.dispatchEvent(new CustomEvent('finder:signed-out'));
    await onChange();
  });
  replaceChildren(
    container,
    h('p', { class: 'account-name', id: 'signed-in-as' }, 'Signed in as ', h('strong', {}, user.name), ` (${user.organizationName})`),
    link,
    button,
  );
}

/** True when the person the account area shows may refer (the page then offers "Refer"). */
export function canRefer() {
  return shown?.role === 'referrer';
}
