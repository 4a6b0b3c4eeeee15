/**
 * NHS number check (Modulus 11), as the NHS Data Dictionary defines it: ten digits, the first nine weighted 10
 * down to 2, and the tenth the check digit (11 minus the remainder of the sum by 11; 11 gives 0, 10 is never valid).
 */

/** The number's ten digits with spaces and hyphens removed, or null when it is not ten digits. */
export function normaliseNhsNumber(text) {
  const digits = String(text ?? '').replace(/[\s-]/g, '');
  return /^\d{10}$/.test(digits) ? digits : null;
}

/** True when the text is a valid NHS number ("943 476 5919", "9434765919"). */
export function isValidNhsNumber(text) {
  const digits = normaliseNhsNumber(text);
  if (digits === null) {
    return false;
  }
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    sum += Number(digits[i]) * (10 - i);
  }
  const check = 11 - (sum % 11);
  if (check === 10) {
    return false;
  }
  return (check === 11 ? 0 : check) === Number(digits[9]);
}
