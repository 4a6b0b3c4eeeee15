import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  BUSINESS_STATUS_SYSTEM,
  businessStatusOptions,
  ifMatch,
  taskActions,
  taskPatch,
} from '../../main/resources/web/js/task-actions.js';

test('the actions offered follow the Task workflow', () => {
  assert.deepEqual(taskActions({ status: 'requested' }), ['accept', 'decline']);
  assert.deepEqual(taskActions({ status: 'accepted' }), ['start', 'outcome']);
  assert.deepEqual(taskActions({ status: 'in-progress' }), ['outcome', 'complete']);
  for (const done of ['completed', 'rejected', 'cancelled', 'failed', 'on-hold']) {
    assert.deepEqual(taskActions({ status: done }), [], done);
  }
  assert.deepEqual(taskActions(null), []);
});

test('accept, start and complete replace the status', () => {
  assert.deepEqual(taskPatch('accept'), [{ op: 'replace', path: '/status', value: 'accepted' }]);
  assert.deepEqual(taskPatch('start'), [{ op: 'replace', path: '/status', value: 'in-progress' }]);
  assert.deepEqual(taskPatch('complete'), [{ op: 'replace', path: '/status', value: 'completed' }]);
});

test('declining needs a reason, sent as statusReason text', () => {
  assert.deepEqual(taskPatch('decline', { reason: '  The group is for over-50s ' }), [
    { op: 'replace', path: '/status', value: 'rejected' },
    { op: 'add', path: '/statusReason', value: { text: 'The group is for over-50s' } },
  ]);
  assert.throws(() => taskPatch('decline', { reason: '   ' }), /Enter the reason for declining/);
  assert.throws(() => taskPatch('decline'), /Enter the reason/);
});

test('attendance or outcome is a businessStatus coded from the published CodeSystem', () => {
  assert.deepEqual(taskPatch('outcome', { businessStatus: { code: 'attended-first-session', display: 'Attended first session' } }), [
    {
      op: 'add',
      path: '/businessStatus',
      value: {
        coding: [{ system: BUSINESS_STATUS_SYSTEM, code: 'attended-first-session', display: 'Attended first session' }],
        text: 'Attended first session',
      },
    },
  ]);
  assert.throws(() => taskPatch('outcome', {}), /Choose what happened/);
  assert.throws(() => taskPatch('teleport'), /Unknown action/);
});

test('If-Match names the version shown; the options come from the CodeSystem', () => {
  assert.equal(ifMatch({ meta: { versionId: '3' } }), 'W/"3"');
  const cs = { concept: [{ code: 'contacted', display: 'Contacted' }, { code: 'booked' }] };
  assert.deepEqual(businessStatusOptions(cs), [
    { code: 'contacted', display: 'Contacted' },
    { code: 'booked', display: 'booked' },
  ]);
  assert.deepEqual(businessStatusOptions(null), []);
});
