import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  NHS_NUMBER_SYSTEM,
  ODS_SYSTEM,
  REFERRAL_ID_SYSTEM,
  createdIds,
  newUuid,
  referralBundle,
  requester,
} from '../../main/resources/web/js/referral-bundle.js';

const REFERRAL = {
  nhsNumber: '9434765919',
  given: 'Melanie',
  family: 'Jones',
  birthDate: '1950-02-11',
  contact: { method: 'phone', value: '07700 900982' },
  reason: 'Low mood; would like to be more active outdoors',
};

function counter() {
  let n = 0;
  return () => `00000000-0000-4000-8000-00000000000${++n}`;
}

function context(overrides = {}) {
  return {
    referralId: 'c0ffee00-0000-4000-8000-000000000001',
    serviceId: 'hs-walking',
    serviceName: 'Walking for health',
    slotId: 'slot-42',
    organization: 'A81001',
    now: new Date('2026-12-07T10:15:00Z'),
    uuid: counter(),
    ...overrides,
  };
}

test('a transaction of Patient, Consent and ServiceRequest linked by urn:uuid references', () => {
  const bundle = referralBundle(REFERRAL, context());
  assert.equal(bundle.resourceType, 'Bundle');
  assert.equal(bundle.type, 'transaction');
  assert.deepEqual(
    bundle.entry.map((e) => [e.fullUrl, e.resource.resourceType, e.request.method, e.request.url]),
    [
      ['urn:uuid:00000000-0000-4000-8000-000000000001', 'Patient', 'POST', 'Patient'],
      ['urn:uuid:00000000-0000-4000-8000-000000000002', 'Consent', 'POST', 'Consent'],
      ['urn:uuid:00000000-0000-4000-8000-000000000003', 'ServiceRequest', 'POST', 'ServiceRequest'],
    ],
  );
  const [patient, consent, request] = bundle.entry.map((e) => e.resource);
  assert.deepEqual(patient.identifier, [{ system: NHS_NUMBER_SYSTEM, value: '9434765919' }]);
  assert.deepEqual(patient.name, [{ use: 'official', family: 'Jones', given: ['Melanie'] }]);
  assert.equal(patient.birthDate, '1950-02-11');
  assert.deepEqual(patient.telecom, [{ system: 'phone', value: '07700 900982', rank: 1 }]);
  assert.equal(consent.status, 'active');
  assert.equal(consent.patient.reference, bundle.entry[0].fullUrl);
  assert.equal(consent.dateTime, '2026-12-07T10:15:00.000Z');
  assert.equal(request.subject.reference, bundle.entry[0].fullUrl);
  assert.deepEqual(request.supportingInfo, [{ reference: bundle.entry[1].fullUrl }, { reference: 'Slot/slot-42' }]);
  assert.deepEqual(request.performer, [{ reference: 'HealthcareService/hs-walking', display: 'Walking for health' }]);
  assert.deepEqual(request.requester, { identifier: { system: ODS_SYSTEM, value: 'A81001' } });
  assert.equal(request.status, 'active');
  assert.equal(request.intent, 'order');
  assert.equal(request.authoredOn, '2026-12-07T10:15:00.000Z');
  assert.equal(request.code.coding[0].code, '390893007');
  assert.deepEqual(request.reasonCode, [{ text: 'Low mood; would like to be more active outdoors' }]);
});

test('conditional creates: the referral on its identifier (a retry reuses it), the Patient on the NHS number', () => {
  const bundle = referralBundle(REFERRAL, context());
  assert.equal(bundle.entry[0].request.ifNoneExist, `identifier=${NHS_NUMBER_SYSTEM}|9434765919`);
  assert.equal(bundle.entry[1].request.ifNoneExist, undefined);
  assert.equal(bundle.entry[2].request.ifNoneExist, `identifier=${REFERRAL_ID_SYSTEM}|c0ffee00-0000-4000-8000-000000000001`);
  assert.deepEqual(bundle.entry[2].resource.identifier, [
    { system: REFERRAL_ID_SYSTEM, value: 'c0ffee00-0000-4000-8000-000000000001' },
  ]);
  // The same form sent again (a retry) names the same referral, whatever new urn:uuids it gets.
  const retry = referralBundle(REFERRAL, context({ uuid: () => newUuid() }));
  assert.equal(retry.entry[2].request.ifNoneExist, bundle.entry[2].request.ifNoneExist);
  assert.notEqual(retry.entry[0].fullUrl, bundle.entry[0].fullUrl);
});

test('without a session no Slot is named; a letter gives the home address instead of a telecom', () => {
  const bundle = referralBundle(
    { ...REFERRAL, contact: { method: 'letter', value: '1 Peckham Road\nLondon\n SE15 5AA ' } },
    context({ slotId: null }),
  );
  const [patient, , request] = bundle.entry.map((e) => e.resource);
  assert.deepEqual(request.supportingInfo, [{ reference: bundle.entry[1].fullUrl }]);
  assert.equal(patient.telecom, undefined);
  assert.deepEqual(patient.address, [{ use: 'home', text: '1 Peckham Road, London, SE15 5AA', line: ['1 Peckham Road', 'London', 'SE15 5AA'] }]);
  const email = referralBundle({ ...REFERRAL, contact: { method: 'email', value: 'mel@example.com' } }, context());
  assert.deepEqual(email.entry[0].resource.telecom, [{ system: 'email', value: 'mel@example.com', rank: 1 }]);
});

test('a provider organisation requests by reference, an ODS code by identifier', () => {
  assert.deepEqual(requester('Organization/org-1'), { reference: 'Organization/org-1' });
  assert.deepEqual(requester('Y02345'), { identifier: { system: ODS_SYSTEM, value: 'Y02345' } });
});

test('new UUIDs are version 4 and differ', () => {
  const a = newUuid();
  assert.match(a, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.notEqual(newUuid(), a);
  assert.equal(newUuid((b) => b.fill(0)), '00000000-0000-4000-8000-000000000000');
});

test('the created ids are read from the transaction-response locations', () => {
  const response = {
    resourceType: 'Bundle',
    type: 'transaction-response',
    entry: [
      { response: { status: '200 OK', location: 'Patient/p1/_history/1' } },
      { response: { status: '201 Created', location: 'Consent/c1/_history/1' } },
      { response: { status: '201 Created', location: 'ServiceRequest/sr1/_history/1' } },
    ],
  };
  assert.deepEqual(createdIds(response), { serviceRequest: 'sr1', patient: 'p1', consent: 'c1' });
  assert.deepEqual(createdIds({}), { serviceRequest: null, patient: null, consent: null });
});
