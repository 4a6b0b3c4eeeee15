import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ActivityIndex } from '../../main/resources/web/js/activities.js';
import { emptyState, parseState, placeText, serviceQuery, slotQuery, toQueryString, wideningHint } from '../../main/resources/web/js/query.js';
import { ACTIVITY_CODE_SYSTEM } from './fixtures.js';

const activities = ActivityIndex.fromCodeSystem(ACTIVITY_CODE_SYSTEM);
const decode = (query) => decodeURIComponent(query.replaceAll('+', ' '));

test('a deep link pre-fills postcode, age, gender and activity', () => {
  const state = parseState('postcode=se15&age=70&gender=Female&activity=Walking%20Football');
  assert.equal(state.postcode, 'SE15');
  assert.equal(state.age, 70);
  assert.equal(state.gender, 'female');
  assert.equal(state.activity, 'Walking Football');
  assert.equal(state.distance, 3);
});

test('malformed values in a shared link are dropped, not fatal', () => {
  const state = parseState('postcode=SE15&age=old&gender=x&distance=7&day=mon,funday&time=night&near=95,0');
  assert.equal(state.age, null);
  assert.equal(state.gender, '');
  assert.equal(state.distance, 3);
  assert.deepEqual(state.days, ['mon']);
  assert.equal(state.time, '');
  assert.equal(state.near, null);
});

test('the page URL round-trips every filter and leaves defaults out', () => {
  const state = {
    ...emptyState(),
    postcode: 'SE15',
    distance: 5,
    activity: 'Yoga',
    days: ['mon', 'wed'],
    time: 'morning',
    age: 70,
    gender: 'female',
    access: ['1393f2dc-3fcc-4be9-a99f-f1e51f5ad277'],
    free: true,
    places: true,
  };
  const qs = toQueryString(state);
  assert.equal(
    decode(qs),
    'postcode=SE15&distance=5&activity=Yoga&day=mon,wed&time=morning&age=70&gender=female&access=1393f2dc-3fcc-4be9-a99f-f1e51f5ad277&free=1&places=1',
  );
  assert.deepEqual(parseState(qs), state);
  assert.equal(toQueryString({ ...emptyState(), postcode: 'SE15' }), 'postcode=SE15');
});

test('the FHIR search carries every filter in the API parameters', () => {
  const state = {
    ...parseState('postcode=SE15&distance=5&day=sat,sun&time=afternoon&age=70&gender=female&free=1'),
    access: ['1393f2dc-3fcc-4be9-a99f-f1e51f5ad277', 'https://activityfhir.dev/fhir/CodeSystem/access-feature|wheelchair-accessible'],
  };
  const query = serviceQuery(state, activities.resolve('Walking'));
  assert.equal(
    decode(query),
    'HealthcareService?postcode=SE15|5|mi' +
      '&service-type:below=https://openactive.io/activity-list|95092977-5a20-4d6e-b312-8fddabe71544' +
      '&day-of-week=sat,sun&time-of-day=ge12:00&time-of-day=le18:00&age=70&gender=female' +
      '&characteristic=https://openactive.io/accessibility-support|1393f2dc-3fcc-4be9-a99f-f1e51f5ad277' +
      '&characteristic=https://activityfhir.dev/fhir/CodeSystem/access-feature|wheelchair-accessible' +
      '&price=0&_count=10&_include=HealthcareService:location&_include=HealthcareService:organization',
  );
});

test('an activity not in the list is matched as text; a location as a point', () => {
  const state = { ...emptyState(), near: { lat: 51.4715, lng: -0.0639 }, activity: 'parkour' };
  assert.equal(
    decode(serviceQuery(state, null, 20)),
    'HealthcareService?location.near=51.4715|-0.0639|3|mi&service-type:text=parkour&_count=20' +
      '&_include=HealthcareService:location&_include=HealthcareService:organization',
  );
});

test('the Slot search asks for free sessions of the services in a window, soonest first', () => {
  const query = slotQuery(['a1', 'b2'], new Date('2026-12-07T19:30:15.123Z'), 7);
  assert.equal(
    decode(query),
    'Slot?schedule.actor=HealthcareService/a1,HealthcareService/b2&start=ge2026-12-07T19:30:15Z' +
      '&start=lt2026-12-14T19:30:15Z&status=free&_sort=start&_count=500&_include=Slot:schedule',
  );
});

test('the widening hint goes one step at a time: distance, day, parent activity, then the rest', () => {
  let state = parseState('postcode=SE15&distance=10&day=mon&activity=Walking%20Football&time=evening&places=1');
  const steps = [];
  for (let hint = wideningHint(state, activities); hint; hint = wideningHint(state, activities)) {
    steps.push(hint.text);
    state = hint.state;
  }
  assert.deepEqual(steps, [
    'Search within 20 miles',
    'Search any day of the week',
    'Search all Football activities',
    'Search any time of day',
    'Include sessions without places in the next 7 days',
  ]);
  assert.equal(state.activity, 'Football');
  assert.equal(state.distance, 20);
});

test('an activity outside the list widens to any activity', () => {
  const hint = wideningHint(parseState('postcode=SE15&distance=20&activity=parkour'), activities);
  assert.equal(hint.text, 'Search any activity');
  assert.equal(hint.state.activity, '');
});

test('the place of a search in words', () => {
  assert.equal(placeText(parseState('postcode=se15')), 'SE15');
  assert.equal(placeText(parseState('near=51.47,-0.06')), 'your location');
});
