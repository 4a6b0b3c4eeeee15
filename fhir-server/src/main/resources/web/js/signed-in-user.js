/**
 * What the page knows about a signed-in person, from the tokens the provider gave it (pure functions, tested
 * with node): the server checks the tokens; the page only reads them.
 */

const PROVIDER_PREFIX = 'Organization/';

/** The claims of a JWT, unverified; {} when it is not one. */
export function claimsOf(jwt) {
  try {
    const part = String(jwt).split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const binary = atob(part);
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return {};
  }
}

/**
 * The person as auth.js hands them out: from the ID token's claims (`profile`), the access token and the granted
 * scope. The organisation comes from the ID token, else the access token; the role from the `role` claim, else
 * from the kind of organisation (a directory Organization is a provider, an ODS code a referrer).
 */
export function signedInUser(profile, accessToken, scope) {
  const claims = profile || {};
  const access = claimsOf(accessToken);
  const organization = String(claims.organization || access.organization || '');
  let role = claims.role;
  if (role !== 'provider' && role !== 'referrer') {
    role = organization.startsWith(PROVIDER_PREFIX) ? 'provider' : 'referrer';
  }
  const granted = scope || (typeof access.scope === 'string' ? access.scope : '');
  return {
    name: String(claims.name || claims.preferred_username || claims.sub || ''),
    organization,
    organizationName: String(claims.organization_name || organization),
    role,
    scopes: granted.split(/\s+/).filter(Boolean),
    accessToken,
  };
}

/** Where to go back to after sign-in: a path on this site, else the home page (never another site). */
export function returnTarget(returnTo) {
  return typeof returnTo === 'string' && /^\/(?![/\\])/.test(returnTo) ? returnTo : '/';
}
