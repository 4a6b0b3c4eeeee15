import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isValidNhsNumber, normaliseNhsNumber } from '../../main/resources/web/js/nhs-number.js';

test('accepts valid NHS numbers with or without spaces and hyphens', () => {
  for (const valid of ['9434765919', '943 476 5919', '943-476-5919', '4010232137', '9999999999']) {
    assert.equal(isValidNhsNumber(valid), true, valid);
  }
});

test('rejects a wrong check digit, a check digit of 10, and anything not ten digits', () => {
  assert.equal(isValidNhsNumber('9434765918'), false); // check digit should be 9
  assert.equal(isValidNhsNumber('1234567890'), false); // weighted sum 210: 11 - 1 = 10, never valid
  for (const invalid of ['', '943476591', '94347659190', '94347a5919', null, undefined]) {
    assert.equal(isValidNhsNumber(invalid), false, String(invalid));
  }
});

test('normalises to ten digits or null', () => {
  assert.equal(normaliseNhsNumber(' 943 476 5919 '), '9434765919');
  assert.equal(normaliseNhsNumber('943 476 591'), null);
});
