/**
 * Referrals as the page lists them: each ServiceRequest joined with its Task, Patient and HealthcareService from
 * search Bundles, and which changed since the organisation's last visit. Pure functions (storage is passed in).
 */

import { NHS_NUMBER_SYSTEM } from './referral-bundle.js';

/** What each Task status means to a link worker or provider. */
export const STATUS_LABELS = {
  draft: 'Draft',
  requested: 'Requested',
  received: 'Received',
  accepted: 'Accepted',
  rejected: 'Declined',
  cancelled: 'Cancelled',
  ready: 'Ready',
  'in-progress': 'In progress',
  'on-hold': 'On hold',
  failed: 'Did not complete',
  completed: 'Completed',
  'entered-in-error': 'Entered in error',
};

const LAST_VISIT_KEY = 'activity-finder.last-visit.';

/** Every resource of the Bundles by "Type/id", and their matches in order. */
function index(...bundles) {
  const byReference = new Map();
  const matches = [];
  for (const bundle of bundles) {
    for (const e of bundle?.entry ?? []) {
      const r = e.resource;
      if (!r?.id) {
        continue;
      }
      byReference.set(`${r.resourceType}/${r.id}`, r);
      if ((e.search?.mode ?? 'match') === 'match') {
        matches.push(r);
      }
    }
  }
  return { byReference, matches };
}

/**
 * The referrer's list from {@code ServiceRequest?_revinclude=Task:focus&_include=ServiceRequest:patient
 * &_include=ServiceRequest:performer}: one row per ServiceRequest, in the Bundle's order.
 */
export function referralRows(bundle) {
  const { byReference, matches } = index(bundle);
  const tasks = [...byReference.values()].filter((r) => r.resourceType === 'Task');
  return matches
    .filter((r) => r.resourceType === 'ServiceRequest')
    .map((request) => row(request, tasks.find((t) => t.focus?.reference === `ServiceRequest/${request.id}`) ?? null, byReference));
}

/**
 * The provider's list: the Tasks of {@code Task?owner=...} (in that order), each with its referral from {@code
 * ServiceRequest?_id=...&_include=ServiceRequest:patient&_include=ServiceRequest:performer}.
 */
export function taskRows(taskBundle, referralBundle) {
  const { byReference } = index(referralBundle);
  return index(taskBundle)
    .matches.filter((r) => r.resourceType === 'Task')
    .map((task) => row(byReference.get(task.focus?.reference) ?? null, task, byReference));
}

/** The ids of the ServiceRequests the Tasks are about (for the provider's second search). */
export function focusIds(taskBundle) {
  return [
    ...new Set(
      index(taskBundle)
        .matches.map((t) => t.focus?.reference ?? '')
        .filter((ref) => ref.startsWith('ServiceRequest/'))
        .map((ref) => ref.slice('ServiceRequest/'.length)),
    ),
  ];
}

function row(request, task, byReference) {
  const patient = byReference.get(request?.subject?.reference ?? task?.for?.reference) ?? null;
  const performer = request?.performer?.[0];
  const service = byReference.get(performer?.reference) ?? null;
  const slot = (request?.supportingInfo ?? []).map((s) => s.reference ?? '').find((ref) => ref.startsWith('Slot/'));
  return {
    id: request?.id ?? null,
    request,
    task,
    patient,
    person: personName(patient),
    birthDate: patient?.birthDate ?? null,
    nhsNumber: (patient?.identifier ?? []).find((i) => i.system === NHS_NUMBER_SYSTEM)?.value ?? null,
    contact: contactPreference(patient),
    reason: (request?.reasonCode ?? []).map((c) => c.text ?? c.coding?.[0]?.display).filter(Boolean).join('; ') || null,
    activity: service?.name ?? performer?.display ?? null,
    serviceId: performer?.reference?.startsWith('HealthcareService/') ? performer.reference.slice('HealthcareService/'.length) : null,
    slotId: slot ? slot.slice('Slot/'.length) : null,
    authoredOn: request?.authoredOn ?? task?.authoredOn ?? null,
    status: task?.status ?? null,
    statusLabel: task ? STATUS_LABELS[task.status] ?? task.status : 'No task yet',
    businessStatus: businessStatusText(task),
    statusReason: task?.statusReason?.text ?? null,
    lastUpdated: task?.meta?.lastUpdated ?? request?.meta?.lastUpdated ?? null,
  };
}

/** "Given Family", or null. */
export function personName(patient) {
  const name = patient?.name?.find((n) => n.use === 'official') ?? patient?.name?.[0];
  if (!name) {
    return null;
  }
  return name.text ?? ([...(name.given ?? []), name.family].filter(Boolean).join(' ') || null);
}

/** How the person prefers to be contacted: {method: 'phone' | 'email' | 'letter', value}, or null. */
export function contactPreference(patient) {
  const telecom = [...(patient?.telecom ?? [])].filter((t) => t.value).sort((a, b) => (a.rank ?? 99) - (b.rank ?? 99))[0];
  if (telecom && (telecom.system === 'phone' || telecom.system === 'email')) {
    return { method: telecom.system, value: telecom.value };
  }
  const address = patient?.address?.[0];
  if (address) {
    return { method: 'letter', value: address.text ?? [...(address.line ?? []), address.city, address.postalCode].filter(Boolean).join(', ') };
  }
  return null;
}

function businessStatusText(task) {
  const b = task?.businessStatus;
  return b ? b.text ?? b.coding?.[0]?.display ?? b.coding?.[0]?.code ?? null : null;
}

/**
 * Marks the rows whose Task changed after {@code lastVisit} (an instant the server wrote, or null on a first
 * visit, when nothing is marked): 'new' for a Task never updated since it was made, else 'updated'.
 */
export function markChanges(rows, lastVisit) {
  const since = lastVisit ? Date.parse(lastVisit) : NaN;
  return rows.map((r) => {
    const at = Date.parse(r.task?.meta?.lastUpdated ?? '');
    const changed = !Number.isNaN(since) && !Number.isNaN(at) && at > since;
    return { ...r, change: changed ? (r.task?.meta?.versionId === '1' ? 'new' : 'updated') : null };
  });
}

/**
 * The visit to remember: the newest Task time seen (the server's clock, so a browser's wrong clock marks nothing
 * wrongly), never going back from the one remembered before.
 */
export function visitMark(rows, previous) {
  let newest = previous && !Number.isNaN(Date.parse(previous)) ? previous : null;
  for (const r of rows) {
    const at = r.task?.meta?.lastUpdated;
    if (at && !Number.isNaN(Date.parse(at)) && (newest === null || Date.parse(at) > Date.parse(newest))) {
      newest = at;
    }
  }
  return newest;
}

/** The organisation's last visit as remembered in {@code storage} (localStorage), or null. */
export function readLastVisit(storage, organization) {
  try {
    return storage.getItem(LAST_VISIT_KEY + organization);
  } catch {
    return null; // storage refused (private mode): every visit is a first one
  }
}

export function saveLastVisit(storage, organization, mark) {
  if (!mark) {
    return;
  }
  try {
    storage.setItem(LAST_VISIT_KEY + organization, mark);
  } catch {
    // storage refused: nothing to remember
  }
}
