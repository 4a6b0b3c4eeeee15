import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  focusIds,
  markChanges,
  readLastVisit,
  referralRows,
  saveLastVisit,
  taskRows,
  visitMark,
} from '../../main/resources/web/js/referral-list.js';

const patient = {
  resourceType: 'Patient',
  id: 'p1',
  identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9434765919' }],
  name: [{ use: 'official', family: 'Jones', given: ['Melanie'] }],
  birthDate: '1950-02-11',
  telecom: [
    { system: 'email', value: 'mel@example.com', rank: 2 },
    { system: 'phone', value: '07700 900982', rank: 1 },
  ],
};
const service = { resourceType: 'HealthcareService', id: 'hs1', name: 'Walking for health' };
const request = (id, slot) => ({
  resourceType: 'ServiceRequest',
  id,
  subject: { reference: 'Patient/p1' },
  performer: [{ reference: 'HealthcareService/hs1' }],
  authoredOn: '2026-12-07T10:00:00Z',
  reasonCode: [{ text: 'Low mood' }],
  supportingInfo: [{ reference: 'Consent/c1' }, ...(slot ? [{ reference: `Slot/${slot}` }] : [])],
});
const task = (id, focus, status, lastUpdated, versionId, extra = {}) => ({
  resourceType: 'Task',
  id,
  status,
  focus: { reference: `ServiceRequest/${focus}` },
  for: { reference: 'Patient/p1' },
  meta: { lastUpdated, versionId },
  ...extra,
});
const match = (resource) => ({ resource, search: { mode: 'match' } });
const include = (resource) => ({ resource, search: { mode: 'include' } });

test('the referrer\u2019s list joins each ServiceRequest with its Task, Patient and service', () => {
  const bundle = {
    entry: [
      match(request('sr1', 'slot-9')),
      match(request('sr2')),
      include(task('t2', 'sr2', 'rejected', '2026-12-07T11:00:00Z', '2', { statusReason: { text: 'Group is full' } })),
      include(task('t1', 'sr1', 'in-progress', '2026-12-07T12:00:00Z', '3', {
        businessStatus: { coding: [{ code: 'attended-first-session', display: 'Attended first session' }] },
      })),
      include(patient),
      include(service),
    ],
  };
  const rows = referralRows(bundle);
  assert.deepEqual(
    rows.map((r) => [r.id, r.person, r.activity, r.status, r.statusLabel, r.businessStatus, r.statusReason, r.slotId]),
    [
      ['sr1', 'Melanie Jones', 'Walking for health', 'in-progress', 'In progress', 'Attended first session', null, 'slot-9'],
      ['sr2', 'Melanie Jones', 'Walking for health', 'rejected', 'Declined', null, 'Group is full', null],
    ],
  );
  assert.deepEqual(rows[0].contact, { method: 'phone', value: '07700 900982' });
  assert.equal(rows[0].nhsNumber, '9434765919');
  assert.equal(rows[0].reason, 'Low mood');
  assert.equal(rows[0].serviceId, 'hs1');
});

test('a referral whose Task is not visible yet says so', () => {
  const [row] = referralRows({ entry: [match(request('sr1'))] });
  assert.equal(row.status, null);
  assert.equal(row.statusLabel, 'No task yet');
  assert.equal(row.person, null);
});

test('the provider\u2019s list keeps the Tasks\u2019 order and finds each referral', () => {
  const tasks = {
    entry: [match(task('t2', 'sr2', 'requested', '2026-12-07T11:00:00Z', '1')), match(task('t1', 'sr1', 'accepted', '2026-12-07T10:00:00Z', '2'))],
  };
  assert.deepEqual(focusIds(tasks), ['sr2', 'sr1']);
  const referrals = { entry: [match(request('sr1')), match(request('sr2')), include(patient), include(service)] };
  const rows = taskRows(tasks, referrals);
  assert.deepEqual(rows.map((r) => [r.task.id, r.id, r.person, r.statusLabel]), [
    ['t2', 'sr2', 'Melanie Jones', 'Requested'],
    ['t1', 'sr1', 'Melanie Jones', 'Accepted'],
  ]);
  const letter = taskRows(tasks, { entry: [include({ ...patient, telecom: [], address: [{ line: ['1 Peckham Road'], postalCode: 'SE15 5AA' }] })] });
  assert.deepEqual(letter[0].contact, { method: 'letter', value: '1 Peckham Road, SE15 5AA' });
});

test('changes since the last visit: nothing on a first visit; new and updated Tasks after it', () => {
  const rows = [
    { task: task('t1', 'sr1', 'accepted', '2026-12-07T12:00:00.500+00:00', '2') },
    { task: task('t2', 'sr2', 'requested', '2026-12-07T12:00:01+00:00', '1') },
    { task: task('t3', 'sr3', 'requested', '2026-12-07T11:59:59Z', '1') },
    { task: null },
  ];
  assert.deepEqual(markChanges(rows, null).map((r) => r.change), [null, null, null, null]);
  assert.deepEqual(markChanges(rows, '2026-12-07T12:00:00Z').map((r) => r.change), ['updated', 'new', null, null]);
  // Exactly at the last visit is not a change (it was seen then).
  assert.deepEqual(markChanges(rows, '2026-12-07T12:00:01Z').map((r) => r.change), [null, null, null, null]);
});

test('the visit remembered is the newest Task time seen, never earlier than the one before', () => {
  const rows = [{ task: task('t1', 'sr1', 'accepted', '2026-12-07T12:00:00Z', '2') }, { task: null }];
  assert.equal(visitMark(rows, null), '2026-12-07T12:00:00Z');
  assert.equal(visitMark(rows, '2026-12-07T09:00:00Z'), '2026-12-07T12:00:00Z');
  assert.equal(visitMark(rows, '2026-12-08T09:00:00Z'), '2026-12-08T09:00:00Z');
  assert.equal(visitMark([], null), null);
});

test('the last visit is remembered per organisation; a refusing storage forgets quietly', () => {
  const map = new Map();
  const storage = { getItem: (k) => map.get(k) ?? null, setItem: (k, v) => map.set(k, v) };
  assert.equal(readLastVisit(storage, 'A81001'), null);
  saveLastVisit(storage, 'A81001', '2026-12-07T12:00:00Z');
  saveLastVisit(storage, 'A81001', null);
  assert.equal(readLastVisit(storage, 'A81001'), '2026-12-07T12:00:00Z');
  assert.equal(readLastVisit(storage, 'Y02345'), null);
  const refusing = { getItem: () => { throw new Error('denied'); }, setItem: () => { throw new Error('denied'); } };
  assert.equal(readLastVisit(refusing, 'A81001'), null);
  saveLastVisit(refusing, 'A81001', '2026-12-07T12:00:00Z');
});
