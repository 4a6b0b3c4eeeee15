/** The referral side of the FHIR API, called with the signed-in user's token. */

import { ApiError, FHIR_BASE } from './api.js';
import { outcomeText } from './fhir.js';
import { outcomeIssues } from './referral-input.js';

/** A refused referral-side call: the status, and the OperationOutcome's issues [{text, expression}]. */
export class ReferralApiError extends ApiError {
  constructor(message, status, issues) {
    super(message, status);
    this.issues = issues;
  }
}

const MESSAGES = {
  401: 'Your sign-in has expired. Sign in again and retry.',
  403: 'Your account is not allowed to do this.',
  404: 'This referral was not found, or it is not one your organisation can see.',
  412: 'Someone else changed this referral since you opened it. The page now shows the latest; check it and try again.',
};

/**
 * Sends a request to the referral side with {@code Authorization: Bearer}.
 *
 * @param path relative to /fhir/ ("" for the base)
 * @param options {method, body (JSON-able), contentType, headers}
 * @return the parsed answer (null for an empty one)
 */
export async function referralFetch(user, path, { method = 'GET', body, contentType = 'application/fhir+json', headers = {} } = {}) {
  let response;
  try {
    response = await fetch(FHIR_BASE + path, {
      method,
      headers: {
        Accept: 'application/fhir+json',
        Authorization: `Bearer ${user.accessToken}`,
        ...(body !== undefined ? { 'Content-Type': contentType } : {}),
        ...headers,
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
  } catch {
    throw new ReferralApiError('The server could not be reached. Check your connection and try again.', 0, []);
  }
  const answer = await response.json().catch(() => null);
  if (!response.ok) {
    const issues = outcomeIssues(answer);
    const message = MESSAGES[response.status] ?? outcomeText(answer) ?? `The server answered ${response.status}.`;
    throw new ReferralApiError(message, response.status, issues);
  }
  return answer;
}
