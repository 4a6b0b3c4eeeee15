import assert from 'node:assert/strict';
import { test } from 'node:test';
import { claimsOf, returnTarget, signedInUser } from '../../main/resources/web/js/signed-in-user.js';

/** An unsigned JWT with these claims (the page never checks signatures; the server does). */
function jwt(claims) {
  const part = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `eyJhbGciOiJFUzI1NiJ9.${part}.c2ln`;
}

test('reads a JWT payload, UTF-8 included, and gives {} for anything else', () => {
  assert.deepEqual(claimsOf(jwt({ organization: 'A81001', name: 'Zoë' })), { organization: 'A81001', name: 'Zoë' });
  assert.deepEqual(claimsOf('not a token'), {});
  assert.deepEqual(claimsOf(undefined), {});
});

test('a referrer from the built-in server: name, organisation and role from the ID token, scopes as granted', () => {
  const user = signedInUser(
    { sub: 'demo-link-worker', name: 'Robin Demo', organization: 'DEMOLW1', organization_name: 'Link Service', role: 'referrer' },
    jwt({ organization: 'DEMOLW1', scope: 'ignored' }),
    'openid profile user/ServiceRequest.crs user/Task.rs',
  );
  assert.equal(user.name, 'Robin Demo');
  assert.equal(user.organization, 'DEMOLW1');
  assert.equal(user.organizationName, 'Link Service');
  assert.equal(user.role, 'referrer');
  assert.deepEqual(user.scopes, ['openid', 'profile', 'user/ServiceRequest.crs', 'user/Task.rs']);
});

test('a provider from another provider: organisation and scopes from the access token, role from the organisation', () => {
  const token = jwt({ organization: 'Organization/abc', scope: 'openid user/Task.rus' });
  const user = signedInUser({ sub: 'u1', preferred_username: 'sam' }, token, undefined);
  assert.equal(user.name, 'sam');
  assert.equal(user.organization, 'Organization/abc');
  assert.equal(user.organizationName, 'Organization/abc');
  assert.equal(user.role, 'provider');
  assert.deepEqual(user.scopes, ['openid', 'user/Task.rus']);
  assert.equal(user.accessToken, token);
});

test('goes back only to a path on this site', () => {
  assert.equal(returnTarget('/?postcode=SE15&activity=Walking'), '/?postcode=SE15&activity=Walking');
  assert.equal(returnTarget('/?service=abc#top'), '/?service=abc#top');
  for (const elsewhere of ['//evil.example/', '/\\evil.example', 'https://evil.example/', 'javascript:alert(1)', '', null, 42]) {
    assert.equal(returnTarget(elsewhere), '/', String(elsewhere));
  }
});
