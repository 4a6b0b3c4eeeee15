/** The page's only back end: the public FHIR API of the same server. */

import { outcomeText } from './fhir.js';

export const FHIR_BASE = '/fhir/';

/** A failed API call, with the server's explanation when it gave one. */
export class ApiError extends Error {
  constructor(message, status) {
    super(message);
    this.status = status;
  }
}

/**
 * GETs a FHIR URL: a relative query ("HealthcareService?...") or a paging link the server gave (absolute; only
 * its path and query are used, so it always goes to this server).
 */
export async function getFhir(query, { signal } = {}) {
  const url = /^https?:/i.test(query) ? pathAndQuery(query) : FHIR_BASE + query;
  let response;
  try {
    response = await fetch(url, { headers: { Accept: 'application/fhir+json' }, signal });
  } catch (e) {
    if (e.name === 'AbortError') {
      throw e;
    }
    throw new ApiError('The activity directory could not be reached. Check your connection and try again.', 0);
  }
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const reason = outcomeText(body);
    throw new ApiError(reason ?? `The activity directory answered ${response.status}.`, response.status);
  }
  return body;
}

function pathAndQuery(absolute) {
  const u = new URL(absolute);
  return u.pathname + u.search;
}
