/**
 * What a provider may do with a referral's Task, and the JSON Patch each action sends (with If-Match on the
 * version shown, so a change made meanwhile by someone else answers 412 instead of being overwritten).
 */

export const BUSINESS_STATUS_SYSTEM = 'https://activityfhir.dev/fhir/CodeSystem/referral-business-status';

/** The actions offered at each Task status (the server's workflow allows these moves). */
const ACTIONS = {
  requested: ['accept', 'decline'],
  accepted: ['start', 'outcome'],
  'in-progress': ['outcome', 'complete'],
  'on-hold': [],
};

export const ACTION_LABELS = {
  accept: 'Accept',
  decline: 'Decline',
  start: 'Start',
  outcome: 'Record attendance or outcome',
  complete: 'Complete',
};

export function taskActions(task) {
  return ACTIONS[task?.status] ?? [];
}

/**
 * The JSON Patch of an action.
 *
 * @param options {reason} for decline (required), {businessStatus: {code, display}} for outcome (required)
 * @throws Error when a required option is missing
 */
export function taskPatch(action, options = {}) {
  const status = (value) => ({ op: 'replace', path: '/status', value });
  switch (action) {
    case 'accept':
      return [status('accepted')];
    case 'start':
      return [status('in-progress')];
    case 'complete':
      return [status('completed')];
    case 'decline': {
      const reason = String(options.reason ?? '').trim();
      if (!reason) {
        throw new Error('Enter the reason for declining');
      }
      return [status('rejected'), { op: 'add', path: '/statusReason', value: { text: reason } }];
    }
    case 'outcome': {
      const code = options.businessStatus?.code;
      if (!code) {
        throw new Error('Choose what happened');
      }
      const display = options.businessStatus.display ?? code;
      return [
        { op: 'add', path: '/businessStatus', value: { coding: [{ system: BUSINESS_STATUS_SYSTEM, code, display }], text: display } },
      ];
    }
    default:
      throw new Error(`Unknown action ${action}`);
  }
}

/** The If-Match header of the Task version shown. */
export function ifMatch(task) {
  return `W/"${task.meta.versionId}"`;
}

/** The business statuses a provider may record, from the published CodeSystem: [{code, display}]. */
export function businessStatusOptions(codeSystem) {
  return (codeSystem?.concept ?? []).map((c) => ({ code: c.code, display: c.display ?? c.code }));
}
