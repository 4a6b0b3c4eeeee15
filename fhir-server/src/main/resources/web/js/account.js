/**
 * The page header's account control: "Sign in", or "Signed in as <name> (<organisation>)" with "Sign out".
 */

import { currentUser, signIn, signInError, signOut } from './auth.js';
import { h, replaceChildren } from './dom.js';

/** Shows the control in `container` for whoever is signed in now. */
export async function showAccount(container) {
  const user = await currentUser();
  const error = signInError();
  if (!user) {
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
  const button = h('button', { type: 'button', class: 'button header-button', id: 'sign-out' }, 'Sign out');
  button.addEventListener('click', async () => {
    await signOut();
    await showAccount(container);
    document.dispatchEvent(new CustomEvent('finder:signed-out'));
  });
  replaceChildren(
    container,
    h('p', { class: 'account-name', id: 'signed-in-as' }, 'Signed in as ', h('strong', {}, user.name), ` (${user.organizationName})`),
    button,
  );
}
