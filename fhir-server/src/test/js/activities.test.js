import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ActivityIndex } from '../../main/resources/web/js/activities.js';
import { ACTIVITY_CODE_SYSTEM } from './fixtures.js';

const index = ActivityIndex.fromCodeSystem(ACTIVITY_CODE_SYSTEM);

test('type-ahead ranks label prefixes before word prefixes, and finds synonyms', () => {
  assert.deepEqual(
    index.search('walk').map((a) => a.label),
    ['Walking', 'Walking Football', 'Nordic Walking'],
  );
  const fishing = index.search('fish');
  assert.equal(fishing.length, 1);
  assert.equal(fishing[0].label, 'Angling');
  assert.equal(fishing[0].synonym, 'Fishing');
  assert.deepEqual(index.search('  '), []);
});

test('resolves a code, a concept URI, a label or a synonym in any case', () => {
  assert.equal(index.resolve('bf1a5e00-cdcf-465d-8c5a-6f57040b7f7e').label, 'Yoga');
  assert.equal(index.resolve('https://openactive.io/activity-list#bf1a5e00-cdcf-465d-8c5a-6f57040b7f7e').label, 'Yoga');
  assert.equal(index.resolve('walking football').code, 'b8019b67-2ade-406f-a012-91a5c3869652');
  assert.equal(index.resolve('FISHING').label, 'Angling');
  assert.equal(index.resolve('underwater hockey'), null);
});

test('knows each activity parent', () => {
  assert.equal(index.parentOf('b8019b67-2ade-406f-a012-91a5c3869652').label, 'Football');
  assert.equal(index.parentOf('0a5f732d-e806-4e51-ad40-0a7de0239c8c'), null);
});
