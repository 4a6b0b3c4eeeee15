/**
 * The referral form's values: checked before sending (each error names the form field it belongs to), and the
 * server's OperationOutcome issues placed on the field their FHIR element path names. Pure functions.
 */

import { isValidNhsNumber, normaliseNhsNumber } from './nhs-number.js';

export const CONTACT_METHODS = ['phone', 'email', 'letter'];
/** The form field holding each contact method's value. */
export const CONTACT_FIELDS = { phone: 'contact-phone', email: 'contact-email', letter: 'contact-address' };
const MAX_NAME = 100;
const MAX_REASON = 1000;

/**
 * Checks the raw form values.
 *
 * @param raw {nhsNumber, given, family, dobDay, dobMonth, dobYear, contactMethod, phone, email, address, reason,
 *     consent (boolean)}
 * @param today the date a date of birth may not be after
 * @return {errors: [{field, message}] in form order, referral: the values to send, or null when there are errors}
 */
export function validateReferral(raw, today = new Date()) {
  const errors = [];
  const add = (field, message) => errors.push({ field, message });
  const text = (v) => String(v ?? '').trim();

  const nhs = text(raw.nhsNumber);
  if (!nhs) {
    add('nhs-number', 'Enter the person\u2019s NHS number');
  } else if (normaliseNhsNumber(nhs) === null) {
    add('nhs-number', 'An NHS number is 10 digits, for example 943 476 5919');
  } else if (!isValidNhsNumber(nhs)) {
    add('nhs-number', 'This is not a valid NHS number: check each digit');
  }
  const given = text(raw.given);
  const family = text(raw.family);
  if (!given) {
    add('given-name', 'Enter the person\u2019s first name');
  } else if (given.length > MAX_NAME) {
    add('given-name', `First name must be ${MAX_NAME} characters or fewer`);
  }
  if (!family) {
    add('family-name', 'Enter the person\u2019s last name');
  } else if (family.length > MAX_NAME) {
    add('family-name', `Last name must be ${MAX_NAME} characters or fewer`);
  }
  const birth = birthDate(raw.dobDay, raw.dobMonth, raw.dobYear, today);
  if (birth.error) {
    add('dob-day', birth.error);
  }
  const method = text(raw.contactMethod);
  let contactValue = '';
  if (!CONTACT_METHODS.includes(method)) {
    add('contact-method', 'Choose how the provider should contact the person');
  } else {
    contactValue = text(method === 'phone' ? raw.phone : method === 'email' ? raw.email : raw.address);
    const problem = contactProblem(method, contactValue);
    if (problem) {
      add(CONTACT_FIELDS[method], problem);
    }
  }
  const reason = text(raw.reason);
  if (!reason) {
    add('reason', 'Enter the reason for the referral');
  } else if (reason.length > MAX_REASON) {
    add('reason', `The reason must be ${MAX_REASON} characters or fewer`);
  }
  if (raw.consent !== true) {
    add('consent', 'The person must agree to share their details before you refer them');
  }
  if (errors.length > 0) {
    return { errors, referral: null };
  }
  return {
    errors,
    referral: {
      nhsNumber: normaliseNhsNumber(nhs),
      given,
      family,
      birthDate: birth.value,
      contact: { method, value: contactValue },
      reason,
    },
  };
}

function birthDate(dayText, monthText, yearText, today) {
  const [d, m, y] = [dayText, monthText, yearText].map((v) => String(v ?? '').trim());
  if (!d && !m && !y) {
    return { error: 'Enter the person\u2019s date of birth' };
  }
  if (![d, m, y].every((v) => /^\d+$/.test(v)) || y.length !== 4) {
    return { error: 'Date of birth must be a real date, for example 27 3 1958' };
  }
  const day = Number(d);
  const month = Number(m);
  const year = Number(y);
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return { error: 'Date of birth must be a real date, for example 27 3 1958' };
  }
  const todayUtc = Date.UTC(today.getFullYear(), today.getMonth(), today.getDate());
  if (date.getTime() > todayUtc) {
    return { error: 'Date of birth must be in the past' };
  }
  if (year < 1900) {
    return { error: 'Date of birth must be after 1900' };
  }
  return { value: `${y}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}` };
}

function contactProblem(method, value) {
  if (method === 'phone') {
    if (!value) return 'Enter a phone number';
    const digits = value.replace(/\D/g, '');
    return /^[+\d][\d\s()-]*$/.test(value) && digits.length >= 10 && digits.length <= 13
      ? null
      : 'Enter a phone number, like 01632 960 001 or 07700 900 982';
  }
  if (method === 'email') {
    if (!value) return 'Enter an email address';
    return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value) ? null : 'Enter an email address like name@example.com';
  }
  return value ? null : 'Enter the postal address for letters';
}

/**
 * The form field an OperationOutcome issue's expression names, or null for issues about the referral as a whole.
 * Paths may be the resource's own ("Patient.birthDate") or the transaction's ("Bundle.entry[0].resource.birthDate").
 */
export function fieldForExpression(expression, entryTypes = [], contactMethod = 'phone') {
  let path = String(expression ?? '');
  const inBundle = /^Bundle\.entry\[(\d+)\]\.resource\.?(.*)$/.exec(path);
  if (inBundle) {
    const type = entryTypes[Number(inBundle[1])];
    if (!type) {
      return null;
    }
    path = inBundle[2] ? `${type}.${inBundle[2]}` : type;
  }
  const rules = [
    [/^Patient\.identifier/, 'nhs-number'],
    [/^Patient\.name(\[\d+\])?\.family/, 'family-name'],
    [/^Patient\.name/, 'given-name'],
    [/^Patient\.birthDate/, 'dob-day'],
    [/^Patient\.telecom/, CONTACT_FIELDS[contactMethod] ?? 'contact-method'],
    [/^Patient\.address/, 'contact-address'],
    [/^ServiceRequest\.reasonCode/, 'reason'],
    [/^Consent/, 'consent'],
  ];
  return rules.find(([pattern]) => pattern.test(path))?.[1] ?? null;
}

/** An OperationOutcome's issues as [{text, expression}] (text from diagnostics or details). */
export function outcomeIssues(outcome) {
  if (outcome?.resourceType !== 'OperationOutcome') {
    return [];
  }
  return (outcome.issue ?? [])
    .filter((i) => i.severity === 'error' || i.severity === 'fatal' || !i.severity)
    .map((i) => ({ text: i.diagnostics ?? i.details?.text ?? 'The server refused the referral', expression: i.expression?.[0] ?? null }));
}
