// An integrator's JavaScript client (fhir-kit-client, from the npm registry) against a running server: the public
// directory as a link worker's app reads it, then the referral side with a token from the built-in authorization
// server. Run by FhirKitClientIT, which starts the server and passes:
//   FHIR_BASE_URL      e.g. http://127.0.0.1:41234/fhir
//   FHIR_CLIENT_ID     a client registered in the server's AUTH_CLIENTS_FILE (organisation A81001)
//   FHIR_CLIENT_KEY    that client's private key, a JWK (EC P-384, ES384)
import assert from 'node:assert/strict';
import { createPrivateKey, randomUUID, sign } from 'node:crypto';
import { describe, test } from 'node:test';
import { Client } from 'fhir-kit-client';

const baseUrl = required('FHIR_BASE_URL');
const directory = new Client({ baseUrl });

// Peckham, London: the demo dataset's services lie around it.
const PECKHAM = { lat: 51.4740, lng: -0.0690 };

function required(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set`);
  }
  return value;
}

function kilometres(a, b) {
  const rad = (d) => (d * Math.PI) / 180;
  const h =
    Math.sin(rad(b.lat - a.lat) / 2) ** 2 +
    Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(rad(b.lng - a.lng) / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}

function resources(bundle, resourceType) {
  return (bundle.entry ?? []).map((e) => e.resource).filter((r) => r.resourceType === resourceType);
}

describe('the public directory', () => {
  test('metadata declares the directory types and their search parameters', async () => {
    const capability = await directory.capabilityStatement();
    assert.equal(capability.resourceType, 'CapabilityStatement');
    assert.equal(capability.fhirVersion, '4.0.1');
    const service = capability.rest[0].resource.find((r) => r.type === 'HealthcareService');
    const names = service.searchParam.map((p) => p.name);
    for (const name of ['service-type', 'age', 'available', 'postcode', '_lastUpdated']) {
      assert.ok(names.includes(name), `HealthcareService declares ${name}: ${names}`);
    }
    const types = capability.rest[0].resource.map((r) => r.type);
    for (const type of ['HealthcareService', 'Location', 'Organization', 'Schedule', 'Slot', 'ValueSet']) {
      assert.ok(types.includes(type), `declares ${type}`);
    }
  });

  test('services near a point for a 70-year-old, with their Locations, nearest first within 5 km', async () => {
    const bundle = await directory.search({
      resourceType: 'HealthcareService',
      searchParams: {
        'location.near': `${PECKHAM.lat}|${PECKHAM.lng}|5|km`,
        age: '70',
        _include: 'HealthcareService:location',
        _count: '10',
      },
    });
    assert.equal(bundle.type, 'searchset');
    const services = resources(bundle, 'HealthcareService');
    assert.equal(services.length, 10);
    const locations = new Map(resources(bundle, 'Location').map((l) => [`Location/${l.id}`, l]));
    let previous = 0;
    for (const service of services) {
      assert.match(service.name, /^\[Demo\] /);
      const location = locations.get(service.location[0].reference);
      assert.ok(location, `the Location of ${service.id} is included`);
      const distance = kilometres(PECKHAM, { lat: location.position.latitude, lng: location.position.longitude });
      assert.ok(distance <= 5.01, `${service.id} is ${distance} km away`);
      assert.ok(distance + 0.01 >= previous, 'nearest first');
      previous = distance;
      const range = service.eligibility
        ?.flatMap((e) => e.extension ?? [])
        .find((x) => x.url.endsWith('/eligible-age-range'))?.valueRange;
      assert.ok((range?.low?.value ?? 0) <= 70 && (range?.high?.value ?? 200) >= 70, `${service.id} admits 70`);
    }
  });

  test('near plus service-type:below Football: exactly the football services within 20 km', async () => {
    const football = 'https://openactive.io/activity-list|0a5f732d-e806-4e51-ad40-0a7de0239c8c';
    const near = await directory.search({
      resourceType: 'HealthcareService',
      searchParams: {
        'location.near': `${PECKHAM.lat}|${PECKHAM.lng}|20|km`,
        'service-type:below': football,
        _count: '100',
      },
    });
    // The same services worked out here: every football service anywhere, kept when its Location is within 20 km.
    const everywhere = await directory.search({
      resourceType: 'HealthcareService',
      searchParams: { 'service-type:below': football, _include: 'HealthcareService:location', _count: '100' },
    });
    const locations = new Map(resources(everywhere, 'Location').map((l) => [`Location/${l.id}`, l]));
    const within = resources(everywhere, 'HealthcareService')
      .filter((s) => {
        const l = locations.get(s.location[0].reference);
        return kilometres(PECKHAM, { lat: l.position.latitude, lng: l.position.longitude }) <= 20;
      })
      .map((s) => s.id);
    const found = resources(near, 'HealthcareService');
    assert.ok(found.length > 0);
    assert.ok(found.length < everywhere.total, `${found.length} of ${everywhere.total} are near`);
    assert.deepEqual(found.map((s) => s.id).sort(), within.sort());
    for (const service of found) {
      assert.equal(service.type[0].coding[0].display, 'Walking Football');
    }
  });

  test('paging with nextPage reaches every match exactly once, as many as the total', async () => {
    const first = await directory.search({
      resourceType: 'HealthcareService',
      searchParams: { 'location.near': `${PECKHAM.lat}|${PECKHAM.lng}|10|km`, _count: '40', _total: 'accurate' },
    });
    assert.ok(first.total > 80, `total ${first.total}`);
    const ids = new Set(resources(first, 'HealthcareService').map((s) => s.id));
    let page = first;
    let pages = 1;
    while ((page = await directory.nextPage({ bundle: page }))) {
      pages += 1;
      for (const service of resources(page, 'HealthcareService')) {
        assert.ok(!ids.has(service.id), `${service.id} appears once`);
        ids.add(service.id);
      }
    }
    assert.equal(ids.size, first.total);
    assert.equal(pages, Math.ceil(first.total / 40));
  });

  test('ValueSet/$expand with a type-ahead filter finds Swimming and its narrower activities', async () => {
    const expansion = await directory.operation({
      name: '$expand',
      resourceType: 'ValueSet',
      id: 'activity-list',
      method: 'GET',
      input: { filter: 'swim', count: '50' },
    });
    assert.equal(expansion.resourceType, 'ValueSet');
    const displays = expansion.expansion.contains.map((c) => c.display);
    assert.ok(displays.includes('Swimming'), displays.join(', '));
    assert.ok(displays.includes('Swimming Lessons'), displays.join(', '));
    assert.ok(displays.includes('Aqua Park'), 'a child of Swimming whose label does not start with swim');
    assert.ok(!displays.includes('Walking Football'));
    assert.equal(displays.length, Math.min(50, expansion.expansion.total));
  });

  test('the polling loop: _history read once in pages, then _since that read lists no change', async () => {
    const count = await directory.search({ resourceType: 'HealthcareService', searchParams: { _summary: 'count' } });
    assert.ok(count.total > 300, `total ${count.total}`);
    let page = await directory.request('HealthcareService/_history?_since=2000-01-01T00:00:00Z&_count=100');
    assert.equal(page.type, 'history');
    const readAt = page.meta.lastUpdated;
    const ids = new Set();
    do {
      for (const entry of page.entry) {
        assert.equal(entry.request.method, 'POST', 'each service arrived once: a first version');
        assert.equal(entry.response.status.slice(0, 3), '201');
        ids.add(entry.resource.id);
      }
    } while ((page = await directory.nextPage({ bundle: page })));
    assert.equal(ids.size, count.total);

    const since = await directory.request(`HealthcareService/_history?_since=${encodeURIComponent(readAt)}`);
    assert.equal(since.type, 'history');
    assert.equal(since.entry?.length ?? 0, 0);
    assert.ok(since.meta.lastUpdated >= readAt);
  });
});

/**
 * Runs a call, again after the server's Retry-After while it answers 503: the referral side opens a little after
 * the directory (it loads its validator first), as a client of a restarting server sees.
 */
async function whenOpen(call) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (error.response?.status !== 503 || attempt >= 60) {
        throw error;
      }
      const seconds = Number(error.response.headers?.get?.('retry-after') ?? 5) || 5;
      await new Promise((resolve) => setTimeout(resolve, Math.min(seconds, 5) * 1000));
    }
  }
}

describe('the referral side', () => {
  /** A client assertion (RFC 7523, ES384) for the token endpoint, then a token from it. */
  async function token(scope) {
    const clientId = required('FHIR_CLIENT_ID');
    const jwk = JSON.parse(required('FHIR_CLIENT_KEY'));
    const discovery = await directory.request('.well-known/smart-configuration');
    const tokenUrl = discovery.token_endpoint;
    assert.ok(discovery.token_endpoint_auth_methods_supported.includes('private_key_jwt'));
    const encode = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const header = encode({ alg: 'ES384', typ: 'JWT', kid: jwk.kid });
    const claims = encode({
      iss: clientId,
      sub: clientId,
      aud: tokenUrl,
      exp: Math.floor(Date.now() / 1000) + 240,
      jti: randomUUID(),
    });
    const key = createPrivateKey({ key: jwk, format: 'jwk' });
    const signature = sign('sha384', Buffer.from(`${header}.${claims}`), { key, dsaEncoding: 'ieee-p1363' });
    // The token endpoint as discovered, reached at the address the tests use (the server listens on 127.0.0.1).
    const response = await fetch(new URL(new URL(tokenUrl).pathname, baseUrl), {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: `${header}.${claims}.${signature.toString('base64url')}`,
        scope,
      }),
    });
    const body = await response.json();
    assert.equal(response.status, 200, JSON.stringify(body));
    assert.equal(body.token_type, 'bearer');
    assert.equal(body.scope, scope);
    return body.access_token;
  }

  test('without a token the referral side answers 401', async () => {
    await assert.rejects(directory.search({ resourceType: 'ServiceRequest' }), (error) => {
      assert.equal(error.response.status, 401);
      return true;
    });
  });

  test('a referrer posts a referral in a transaction and reads back its Task', async () => {
    const referrer = new Client({
      baseUrl,
      bearerToken: await token('system/ServiceRequest.cruds system/Patient.cruds system/Consent.cr system/Task.rs'),
    });
    const found = await directory.search({
      resourceType: 'HealthcareService',
      searchParams: { 'service-type:text': 'walking', _count: '1' },
    });
    const service = resources(found, 'HealthcareService')[0];
    assert.ok(service, 'a walking service in the directory');
    const reference = randomUUID();
    const patient = `urn:uuid:${randomUUID()}`;
    const consent = `urn:uuid:${randomUUID()}`;
    const answer = await whenOpen(() => referrer.transaction({
      body: {
        resourceType: 'Bundle',
        type: 'transaction',
        entry: [
          {
            fullUrl: patient,
            resource: {
              resourceType: 'Patient',
              identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9434765919' }],
              name: [{ family: 'Jones', given: ['Melanie'] }],
              birthDate: '1950-02-11',
            },
            request: {
              method: 'POST',
              url: 'Patient',
              ifNoneExist: 'identifier=https://fhir.nhs.uk/Id/nhs-number|9434765919',
            },
          },
          {
            fullUrl: consent,
            resource: {
              resourceType: 'Consent',
              status: 'active',
              scope: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'patient-privacy' }] },
              category: [{ coding: [{ system: 'http://loinc.org', code: '59284-0' }] }],
              patient: { reference: patient },
              policyRule: {
                coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentpolicycodes', code: 'hipaa-auth' }],
              },
            },
            request: { method: 'POST', url: 'Consent' },
          },
          {
            resource: {
              resourceType: 'ServiceRequest',
              status: 'active',
              intent: 'order',
              identifier: [{ system: 'https://gp.example.org/referral-id', value: reference }],
              code: {
                coding: [
                  { system: 'http://snomed.info/sct', code: '390893007', display: 'Referral to physical activity program' },
                ],
              },
              subject: { reference: patient },
              requester: { identifier: { system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: 'A81001' } },
              performer: [{ reference: `HealthcareService/${service.id}` }],
              authoredOn: new Date().toISOString(),
              supportingInfo: [{ reference: consent }],
            },
            request: {
              method: 'POST',
              url: 'ServiceRequest',
              ifNoneExist: `identifier=https://gp.example.org/referral-id|${reference}`,
            },
          },
        ],
      },
    }));
    assert.equal(answer.type, 'transaction-response');
    // The Patient is created once (a rerun finds it by NHS number: 200); the Consent and referral are new.
    assert.match(answer.entry[0].response.status, /^20[01]/);
    assert.deepEqual(
      answer.entry.slice(1).map((e) => e.response.status.slice(0, 3)),
      ['201', '201'],
    );
    const location = answer.entry[2].response.location;
    assert.match(location, /^ServiceRequest\/[^/]+/);
    const referralId = location.split('/')[1];

    const referral = await referrer.read({ resourceType: 'ServiceRequest', id: referralId });
    assert.equal(referral.performer[0].reference, `HealthcareService/${service.id}`);
    assert.equal(referral.identifier[0].value, reference);

    const tasks = await referrer.search({
      resourceType: 'Task',
      searchParams: { focus: `ServiceRequest/${referralId}` },
    });
    const task = resources(tasks, 'Task');
    assert.equal(task.length, 1);
    assert.equal(task[0].status, 'requested');
    assert.equal(task[0].intent, 'order');
    assert.equal(task[0].focus.reference, `ServiceRequest/${referralId}`);
    assert.equal(task[0].owner.reference, service.providedBy.reference);
  });
});
