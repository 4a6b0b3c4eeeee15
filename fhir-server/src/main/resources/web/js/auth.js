/**
 * Signing in to the Activity Finder: OpenID Connect, authorization code flow with PKCE (S256), through
 * oidc-client-ts (loaded by the page as the global `oidc`). The page learns its provider from the server
 * (`data-oidc-issuer`, `data-oidc-client-id` and `data-oidc-scope` on <body>): an empty issuer means the server's
 * built-in sign-in at /auth on the page's own address. The signed-in person is kept in sessionStorage, so closing
 * the tab signs them out (the page is used on shared computers in surgeries).
 *
 * Interface:
 *   currentUser()    -> null, or { name, organization, organizationName, role: 'referrer'|'provider',
 *                       scopes: string[], accessToken } with an access token that has not expired
 *   signIn()         -> goes to the sign-in page; comes back to this very URL (query string included)
 *   signOut()        -> forgets the person here (and ends the provider's session where it offers that)
 *   completeSignIn() -> on the sign-in callback, finishes it and puts the original URL back; true when it did
 */

import { returnTarget, signedInUser } from './signed-in-user.js';

let manager = null;
let lastError = null;

function config() {
  const data = document.body.dataset;
  const issuer = (data.oidcIssuer || '').replace(/\/$/, '');
  return {
    builtIn: issuer === '',
    authority: issuer || `${location.origin}/auth`,
    clientId: data.oidcClientId || 'activity-finder',
    scope: data.oidcScope || 'openid profile',
  };
}

function userManager() {
  if (manager) {
    return manager;
  }
  const { oidc } = globalThis;
  if (!oidc) {
    throw new Error('oidc-client-ts is not loaded');
  }
  const { builtIn, authority, clientId, scope } = config();
  const settings = {
    authority,
    client_id: clientId,
    redirect_uri: `${location.origin}/`,
    post_logout_redirect_uri: `${location.origin}/`,
    response_type: 'code',
    scope,
    userStore: new oidc.WebStorageStateStore({ store: window.sessionStorage }),
    stateStore: new oidc.WebStorageStateStore({ store: window.sessionStorage }),
    loadUserInfo: false,
    automaticSilentRenew: false,
    monitorSession: false,
  };
  if (builtIn) {
    // The built-in server's endpoints, on this page's own address (which may be 127.0.0.1 where the server's
    // issuer says localhost): no discovery request needed.
    settings.metadata = {
      issuer: authority,
      authorization_endpoint: `${authority}/authorize`,
      token_endpoint: `${authority}/token`,
      jwks_uri: `${authority}/jwks.json`,
    };
  }
  manager = new oidc.UserManager(settings);
  return manager;
}

/** The signed-in person, or null when nobody is (or their access token has expired). */
export async function currentUser() {
  let user;
  try {
    user = await userManager().getUser();
  } catch {
    return null;
  }
  if (!user || !user.access_token) {
    return null;
  }
  if (user.expired !== false) {
    await userManager().removeUser();
    return null;
  }
  return signedInUser(user.profile, user.access_token, user.scope);
}

/** Goes to the sign-in page; the sign-in comes back to this page's URL, query string and all. */
export async function signIn() {
  lastError = null;
  await userManager().signinRedirect({
    state: { returnTo: location.pathname + location.search + location.hash },
  });
}

/** Forgets the signed-in person here; with an outside provider that can end its session, ends it there too. */
export async function signOut() {
  const mgr = userManager();
  const user = await mgr.getUser();
  await mgr.removeUser();
  if (config().builtIn || !user) {
    return;
  }
  let endSession = null;
  try {
    endSession = await mgr.metadataService.getEndSessionEndpoint();
  } catch {
    endSession = null;
  }
  if (endSession) {
    await mgr.signoutRedirect({ id_token_hint: user.id_token });
  }
}

/** Whether this URL is the provider sending the browser back after sign-in (or after a refusal). */
function isCallback() {
  const params = new URLSearchParams(location.search);
  return location.pathname === '/' && params.has('state') && (params.has('code') || params.has('error'));
}

/**
 * Finishes a sign-in when this URL is its callback: exchanges the code, keeps the person, and puts back the URL
 * the sign-in started from. Returns true when someone signed in, false otherwise (not a callback, cancelled, or
 * failed: then `signInError()` says why and the callback's parameters are removed from the URL).
 */
export async function completeSignIn() {
  if (!isCallback()) {
    return false;
  }
  const params = new URLSearchParams(location.search);
  try {
    const user = await userManager().signinRedirectCallback();
    restore(user.state && user.state.returnTo);
    lastError = null;
    return true;
  } catch (e) {
    const cancelled = params.get('error') === 'access_denied';
    lastError = cancelled ? null : 'Sign-in did not complete. Please try again.';
    restore(e && e.state && e.state.returnTo);
    return false;
  }
}

/** Why the last sign-in did not complete, or null. */
export function signInError() {
  return lastError;
}

/** Replaces the callback URL with `returnTo` when that is a path on this site, else with the home page. */
function restore(returnTo) {
  history.replaceState(null, '', returnTarget(returnTo));
}
