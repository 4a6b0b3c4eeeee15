import assert from 'node:assert/strict';
import { test } from 'node:test';
import { accessibilityBadges, attribution, distanceKm, hasPlacesWithin, priceText, sessionsByService } from '../../main/resources/web/js/fhir.js';
import { miles, placesText, sessionTime, weeklyTime } from '../../main/resources/web/js/format.js';

const offer = (price) => ({
  url: 'https://activityfhir.dev/fhir/StructureDefinition/offer',
  extension: [{ url: 'price', valueMoney: { value: price, currency: 'GBP' } }],
});

test('prices: free, one price, the lowest of several', () => {
  assert.equal(priceText({ serviceProvisionCode: [{ coding: [{ code: 'free' }] }] }), 'Free');
  assert.equal(priceText({ extension: [offer(6)] }), '£6.00');
  assert.equal(priceText({ extension: [offer(6), offer(4.5)] }), 'From £4.50');
  assert.equal(priceText({}), null);
});

test('badges come from accessibility support and venue access, not levels', () => {
  const service = {
    characteristic: [
      { coding: [{ system: 'https://openactive.io/accessibility-support', code: 'x' }], text: 'Visual impairment' },
      { coding: [{ system: 'https://activityfhir.dev/fhir/CodeSystem/level', code: 'beginner' }], text: 'Beginner' },
      { coding: [{ system: 'https://activityfhir.dev/fhir/CodeSystem/access-feature', code: 'wheelchair-accessible', display: 'Wheelchair accessible' }] },
    ],
  };
  assert.deepEqual(accessibilityBadges(service), ['Visual impairment', 'Wheelchair accessible']);
});

test('distance and attribution extensions', () => {
  const entry = {
    search: {
      extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/location-distance', valueDistance: { value: 1.5, code: 'km' } }],
    },
  };
  assert.equal(distanceKm(entry), 1.5);
  assert.equal(distanceKm({}), null);
  assert.equal(miles(1.609344), '1.0 miles');
  const a = attribution({
    extension: [
      {
        url: 'https://activityfhir.dev/fhir/StructureDefinition/openactive-attribution',
        extension: [
          { url: 'license', valueUri: 'https://creativecommons.org/licenses/by/4.0/' },
          { url: 'publisher', valueString: 'Move More London' },
          { url: 'harvested', valueDateTime: '2026-12-07T19:31:43Z' },
        ],
      },
    ],
  });
  assert.deepEqual(a, { license: 'https://creativecommons.org/licenses/by/4.0/', publisher: 'Move More London', source: null, harvested: '2026-12-07T19:31:43Z' });
});

test('slots are grouped by the service their schedule names, soonest first', () => {
  const capacity = (n) => [{ url: 'http://fhir-registry.smarthealthit.org/StructureDefinition/slot-capacity', valueInteger: n }];
  const bundle = {
    entry: [
      { resource: { resourceType: 'Slot', id: 's2', schedule: { reference: 'Schedule/x' }, status: 'free', start: '2026-12-10T10:00:00Z', end: '2026-12-10T11:00:00Z', extension: capacity(0) }, search: { mode: 'match' } },
      { resource: { resourceType: 'Slot', id: 's1', schedule: { reference: 'Schedule/x' }, status: 'free', start: '2026-12-09T10:00:00Z', end: '2026-12-09T11:00:00Z', extension: capacity(4) }, search: { mode: 'match' } },
      { resource: { resourceType: 'Slot', id: 's3', schedule: { reference: 'Schedule/y' }, status: 'free', start: '2026-12-30T10:00:00Z' }, search: { mode: 'match' } },
      { resource: { resourceType: 'Schedule', id: 'x', actor: [{ reference: 'HealthcareService/svc-x' }, { reference: 'Location/l' }] }, search: { mode: 'include' } },
      { resource: { resourceType: 'Schedule', id: 'y', actor: [{ reference: 'HealthcareService/svc-y' }] }, search: { mode: 'include' } },
    ],
  };
  const grouped = sessionsByService(bundle);
  assert.deepEqual([...grouped.keys()], ['svc-x', 'svc-y']);
  assert.deepEqual(grouped.get('svc-x').map((s) => [s.id, s.remaining]), [['s1', 4], ['s2', 0]]);
  const now = new Date('2026-12-08T00:00:00Z');
  assert.equal(hasPlacesWithin(grouped.get('svc-x'), now, 7), true);
  assert.equal(hasPlacesWithin(grouped.get('svc-x').slice(1), now, 7), false, 'no places left');
  assert.equal(hasPlacesWithin(grouped.get('svc-y'), now, 7), false, 'beyond 7 days');
});

test('times are shown in London time, summer and winter', () => {
  assert.equal(sessionTime('2026-12-10T10:00:00Z', '2026-12-10T11:30:00Z'), 'Thu 10 Dec, 10:00–11:30');
  assert.equal(sessionTime('2026-07-02T09:00:00Z', '2026-07-02T10:00:00Z'), 'Thu 2 Jul, 10:00–11:00');
  assert.equal(weeklyTime({ daysOfWeek: ['sun'], availableStartTime: '10:00:00', availableEndTime: '11:30:00' }), 'Sundays, 10:00–11:30');
  assert.equal(placesText(1), '1 place left');
  assert.equal(placesText(null), 'Places available');
});
