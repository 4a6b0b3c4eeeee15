import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fieldForExpression, outcomeIssues, validateReferral } from '../../main/resources/web/js/referral-input.js';

const TODAY = new Date(2026, 11, 7);
const VALID = {
  nhsNumber: ' 943 476 5919 ',
  given: ' Melanie ',
  family: 'Jones',
  dobDay: '11',
  dobMonth: '2',
  dobYear: '1950',
  contactMethod: 'phone',
  phone: '07700 900982',
  email: '',
  address: '',
  reason: 'Wants to walk with others',
  consent: true,
};

const fields = (result) => result.errors.map((e) => e.field);

test('a complete form gives the values to send, normalised', () => {
  const { errors, referral } = validateReferral(VALID, TODAY);
  assert.deepEqual(errors, []);
  assert.deepEqual(referral, {
    nhsNumber: '9434765919',
    given: 'Melanie',
    family: 'Jones',
    birthDate: '1950-02-11',
    contact: { method: 'phone', value: '07700 900982' },
    reason: 'Wants to walk with others',
  });
});

test('an empty form names every required field in form order, and sends nothing', () => {
  const result = validateReferral({ consent: false }, TODAY);
  assert.equal(result.referral, null);
  assert.deepEqual(fields(result), ['nhs-number', 'given-name', 'family-name', 'dob-day', 'contact-method', 'reason', 'consent']);
  assert.equal(result.errors[0].message, 'Enter the person\u2019s NHS number');
});

test('the NHS number: ten digits, then the Modulus 11 check', () => {
  assert.deepEqual(validateReferral({ ...VALID, nhsNumber: '943476591' }, TODAY).errors, [
    { field: 'nhs-number', message: 'An NHS number is 10 digits, for example 943 476 5919' },
  ]);
  assert.deepEqual(validateReferral({ ...VALID, nhsNumber: '9434765918' }, TODAY).errors, [
    { field: 'nhs-number', message: 'This is not a valid NHS number: check each digit' },
  ]);
});

test('the date of birth must be a real date in the past', () => {
  const dob = (d, m, y) => validateReferral({ ...VALID, dobDay: d, dobMonth: m, dobYear: y }, TODAY).errors;
  assert.deepEqual(dob('31', '2', '1950').map((e) => e.message), ['Date of birth must be a real date, for example 27 3 1958']);
  assert.deepEqual(dob('1', '1', '50').map((e) => e.field), ['dob-day']);
  assert.deepEqual(dob('8', '12', '2026').map((e) => e.message), ['Date of birth must be in the past']);
  assert.deepEqual(dob('7', '12', '2026'), []);
  assert.deepEqual(dob('1', '1', '1899').map((e) => e.message), ['Date of birth must be after 1900']);
});

test('the contact preference needs its value, checked for its kind', () => {
  assert.deepEqual(fields(validateReferral({ ...VALID, phone: '123' }, TODAY)), ['contact-phone']);
  assert.deepEqual(fields(validateReferral({ ...VALID, contactMethod: 'email', email: 'not-an-email' }, TODAY)), ['contact-email']);
  assert.deepEqual(fields(validateReferral({ ...VALID, contactMethod: 'letter' }, TODAY)), ['contact-address']);
  const letter = validateReferral({ ...VALID, contactMethod: 'letter', address: '1 Peckham Road\nSE15 5AA' }, TODAY);
  assert.deepEqual(letter.referral.contact, { method: 'letter', value: '1 Peckham Road\nSE15 5AA' });
  assert.deepEqual(fields(validateReferral({ ...VALID, contactMethod: 'fax' }, TODAY)), ['contact-method']);
});

test('consent must be given, as a real true', () => {
  assert.deepEqual(fields(validateReferral({ ...VALID, consent: 'on' }, TODAY)), ['consent']);
  assert.deepEqual(
    validateReferral({ ...VALID, consent: false }, TODAY).errors[0].message,
    'The person must agree to share their details before you refer them',
  );
});

test('server issues land on the field their element path names', () => {
  const types = ['Patient', 'Consent', 'ServiceRequest'];
  assert.equal(fieldForExpression('Patient.identifier[0].value'), 'nhs-number');
  assert.equal(fieldForExpression('Bundle.entry[0].resource.identifier[0].value', types), 'nhs-number');
  assert.equal(fieldForExpression('Patient.name[0].family'), 'family-name');
  assert.equal(fieldForExpression('Patient.name[0].given[0]'), 'given-name');
  assert.equal(fieldForExpression('Patient.birthDate'), 'dob-day');
  assert.equal(fieldForExpression('Patient.telecom[0].value', types, 'email'), 'contact-email');
  assert.equal(fieldForExpression('Bundle.entry[2].resource.reasonCode[0].text', types), 'reason');
  assert.equal(fieldForExpression('Bundle.entry[1].resource', types), 'consent');
  assert.equal(fieldForExpression('ServiceRequest.supportingInfo'), null);
  assert.equal(fieldForExpression('Bundle.entry[9].resource.x', types), null);
  assert.equal(fieldForExpression(undefined), null);
});

test('an OperationOutcome gives its errors with their expressions; warnings are left out', () => {
  const outcome = {
    resourceType: 'OperationOutcome',
    issue: [
      { severity: 'error', code: 'conflict', diagnostics: 'The session is full', expression: ['ServiceRequest.supportingInfo'] },
      { severity: 'warning', code: 'informational', diagnostics: 'ignored' },
      { severity: 'error', code: 'invalid', details: { text: 'Bad NHS number' } },
    ],
  };
  assert.deepEqual(outcomeIssues(outcome), [
    { text: 'The session is full', expression: 'ServiceRequest.supportingInfo' },
    { text: 'Bad NHS number', expression: null },
  ]);
  assert.deepEqual(outcomeIssues({ resourceType: 'Bundle' }), []);
});
