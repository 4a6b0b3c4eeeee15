/**
 * The referral a link worker sends from the page, as the transaction Bundle the referral side takes: Patient (by
 * NHS number, reused when the organisation already has them), their Consent, and the ServiceRequest to a
 * HealthcareService of the directory, optionally naming one session (Slot). Pure functions: no DOM, no fetch.
 */

export const NHS_NUMBER_SYSTEM = 'https://fhir.nhs.uk/Id/nhs-number';
export const ODS_SYSTEM = 'https://fhir.nhs.uk/Id/ods-organization-code';
/** The identifier system of referrals made on this page: one random UUID per referral, kept across retries. */
export const REFERRAL_ID_SYSTEM = 'https://activityfhir.dev/fhir/activity-finder/referral-id';
const SNOMED = 'http://snomed.info/sct';
const CONSENT_STATEMENT =
  'The person agreed that their name, date of birth, NHS number, contact details and the reason for this referral'
  + ' are shared with the activity provider, so that the provider can contact them about the activity.';

/** A random (version 4) UUID. getRandomValues works outside secure contexts too, unlike randomUUID. */
export function newUuid(random = (bytes) => crypto.getRandomValues(bytes)) {
  const b = random(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The requester as the referral side expects it: a directory Organization by reference, anything else (an ODS
 * code) by identifier.
 */
export function requester(organization) {
  return /^Organization\/[A-Za-z0-9.-]{1,64}$/.test(organization)
    ? { reference: organization }
    : { identifier: { system: ODS_SYSTEM, value: organization } };
}

/**
 * The transaction Bundle of one referral.
 *
 * @param referral validated form values: {nhsNumber (ten digits), given, family, birthDate (YYYY-MM-DD),
 *     contact: {method: 'phone' | 'email' | 'letter', value}, reason}
 * @param context {referralId, serviceId, serviceName, slotId (or null), organization (the signed-in user's),
 *     now (Date), uuid (() => string)}
 */
export function referralBundle(referral, context) {
  const uuid = context.uuid ?? newUuid;
  const patientUrl = `urn:uuid:${uuid()}`;
  const consentUrl = `urn:uuid:${uuid()}`;
  const requestUrl = `urn:uuid:${uuid()}`;
  const now = context.now.toISOString();

  const patient = {
    resourceType: 'Patient',
    identifier: [{ system: NHS_NUMBER_SYSTEM, value: referral.nhsNumber }],
    name: [{ use: 'official', family: referral.family, given: [referral.given] }],
    birthDate: referral.birthDate,
    ...contactElements(referral.contact),
  };
  const consent = {
    resourceType: 'Consent',
    status: 'active',
    scope: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'patient-privacy' }] },
    category: [{ coding: [{ system: 'http://loinc.org', code: '59284-0', display: 'Patient Consent' }] }],
    patient: { reference: patientUrl },
    dateTime: now,
    policyRule: { text: CONSENT_STATEMENT },
  };
  const request = {
    resourceType: 'ServiceRequest',
    identifier: [{ system: REFERRAL_ID_SYSTEM, value: context.referralId }],
    status: 'active',
    intent: 'order',
    code: { coding: [{ system: SNOMED, code: '390893007', display: 'Referral to physical activity program' }] },
    subject: { reference: patientUrl },
    authoredOn: now,
    requester: requester(context.organization),
    performer: [{ reference: `HealthcareService/${context.serviceId}`, ...(context.serviceName ? { display: context.serviceName } : {}) }],
    reasonCode: [{ text: referral.reason }],
    supportingInfo: [{ reference: consentUrl }, ...(context.slotId ? [{ reference: `Slot/${context.slotId}` }] : [])],
  };
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: [
      entry(patientUrl, patient, `identifier=${NHS_NUMBER_SYSTEM}|${referral.nhsNumber}`),
      entry(consentUrl, consent, null),
      entry(requestUrl, request, `identifier=${REFERRAL_ID_SYSTEM}|${context.referralId}`),
    ],
  };
}

/** The preferred contact as Patient elements: the telecom ranked first, or for a letter the home address. */
function contactElements(contact) {
  if (contact.method === 'letter') {
    const lines = contact.value.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
    return { address: [{ use: 'home', text: lines.join(', '), line: lines }] };
  }
  return { telecom: [{ system: contact.method, value: contact.value, rank: 1 }] };
}

function entry(fullUrl, resource, ifNoneExist) {
  return {
    fullUrl,
    resource,
    request: { method: 'POST', url: resource.resourceType, ...(ifNoneExist ? { ifNoneExist } : {}) },
  };
}

/** The ids a transaction-response gives the referral's resources: {serviceRequest, patient, consent}. */
export function createdIds(response) {
  const ids = {};
  for (const e of response?.entry ?? []) {
    const [type, id] = String(e.response?.location ?? '').split('/');
    if (type && id) {
      ids[type.charAt(0).toLowerCase() + type.slice(1)] = id;
    }
  }
  return { serviceRequest: ids.serviceRequest ?? null, patient: ids.patient ?? null, consent: ids.consent ?? null };
}
