/**
 * Interim sign-in: the signed-in user is the JSON held in sessionStorage['activity-finder.user']
 * ({name, organization, role: 'referrer' | 'provider', scopes, accessToken}). The OpenID Connect sign-in replaces
 * this module with the same interface; nothing else may depend on how the user got here.
 */

const KEY = 'activity-finder.user';

/** The signed-in user, or null. */
export function currentUser() {
  try {
    const user = JSON.parse(sessionStorage.getItem(KEY) ?? 'null');
    return user && typeof user.accessToken === 'string' ? user : null;
  } catch {
    return null;
  }
}

/** Signs in as {@code user} (interim: there is no sign-in form to go to without one). */
export async function signIn(user) {
  if (user) {
    sessionStorage.setItem(KEY, JSON.stringify(user));
  }
}

export async function signOut() {
  sessionStorage.removeItem(KEY);
}

/** Nothing to complete: the interim sign-in has no redirect. */
export async function completeSignIn() {
  return currentUser();
}
