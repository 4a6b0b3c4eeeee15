/**
 * The provider view (?view=provider): the Tasks the provider's organisation owns, each with the referral's person,
 * contact preference and reason, and the actions its status allows (accept, decline with a reason, start, record
 * attendance or outcome, complete), sent as JSON Patch with If-Match on the version shown.
 */

import { getFhir } from './api.js';
import { h, replaceChildren } from './dom.js';
import { ReferralApiError, referralFetch } from './referral-api.js';
import { loadSessions, referralFacts } from './referral-details.js';
import { focusIds, taskRows } from './referral-list.js';
import { ACTION_LABELS, businessStatusOptions, ifMatch, taskActions, taskPatch } from './task-actions.js';

const PAGE_SIZE = 50;
let businessStatuses = null;

/** Shows the list; {@code announce} is said once it shows (the outcome of the action just taken). */
export async function showProviderTasks(view, user, announce = null) {
  if (!view.querySelector('#provider-title')) {
    replaceChildren(view, h('p', { role: 'status' }, 'Loading…'));
  }
  businessStatuses ??= getFhir('CodeSystem/referral-business-status').then(businessStatusOptions).catch(() => []);
  const tasks = await referralFetch(user, `Task?owner=${encodeURIComponent(user.organization)}&_count=${PAGE_SIZE}`);
  const ids = focusIds(tasks);
  const referrals = ids.length
    ? await referralFetch(user, `ServiceRequest?_id=${ids.map(encodeURIComponent).join(',')}&_include=ServiceRequest:patient&_include=ServiceRequest:performer&_count=${ids.length}`)
    : null;
  const rows = taskRows(tasks, referrals);
  const [sessions, options] = await Promise.all([loadSessions(rows), businessStatuses]);
  const refresh = (message) => showProviderTasks(view, user, message);
  replaceChildren(
    view,
    h(
      'section',
      { class: 'panel', 'aria-labelledby': 'provider-title' },
      h(
        'div',
        { class: 'title-bar' },
        h('h1', { id: 'provider-title', tabindex: '-1' }, 'Referrals to your services'),
        h('a', { class: 'button secondary', href: '/?view=provider' }, 'Check for new referrals'),
      ),
      h('p', {}, `Referrals to the services of ${user.organizationName}, newest first. Contact each person the way they prefer.`),
      h('p', { id: 'provider-status', class: 'visually-hidden', role: 'status' }),
      rows.length === 0
        ? h('p', {}, 'No referrals yet.')
        : h('ol', { class: 'referral-list', 'aria-label': 'Referrals to your services' }, rows.map((r) => taskItem(r, user, sessions, options, refresh))),
    ),
  );
  if (announce) {
    view.querySelector('#provider-status').textContent = announce.text;
    (view.querySelector(`[data-task="${announce.taskId}"] h2`) ?? view.querySelector('h1')).focus();
  } else {
    view.querySelector('h1').focus();
  }
}

function taskItem(row, user, sessions, options, refresh) {
  const taskId = row.task.id;
  const headingId = `task-${taskId}-name`;
  const error = h('p', { class: 'error-message', id: `task-${taskId}-error`, role: 'alert', hidden: true });
  const act = async (action, values, button) => {
    let patch;
    try {
      patch = taskPatch(action, values);
    } catch (e) {
      return showError(error, e.message);
    }
    button.disabled = true;
    try {
      await referralFetch(user, `Task/${encodeURIComponent(taskId)}`, {
        method: 'PATCH',
        body: patch,
        contentType: 'application/json-patch+json',
        headers: { 'If-Match': ifMatch(row.task) },
      });
      await refresh({ taskId, text: `${ACTION_LABELS[action]}: done for ${row.person ?? 'the referral'}.` });
    } catch (e) {
      button.disabled = false;
      const message = e instanceof ReferralApiError && e.status === 422 ? e.issues.map((i) => i.text).join('; ') || e.message : e.message;
      if (e instanceof ReferralApiError && e.status === 412) {
        await refresh({ taskId, text: message });
        const fresh = document.getElementById(`task-${taskId}-error`);
        return fresh ? showError(fresh, message) : undefined;
      }
      return showError(error, message);
    }
  };
  return h(
    'li',
    { class: 'referral', 'data-task': taskId, 'data-id': row.id ?? '', 'data-status': row.status, 'aria-labelledby': headingId },
    h('h2', { class: 'referral-name', id: headingId, tabindex: '-1' }, row.person ?? 'Referral'),
    referralFacts(row, { session: sessions.get(row.slotId) ?? null }),
    error,
    actions(row, taskId, options, act),
  );
}

function actions(row, taskId, options, act) {
  const available = taskActions(row.task);
  if (available.length === 0) {
    return null;
  }
  const who = row.person ?? 'this referral';
  const box = h('div', { class: 'task-actions' });
  for (const action of available) {
    if (action === 'decline') {
      box.append(declineControl(taskId, who, act));
    } else if (action === 'outcome') {
      box.append(outcomeControl(taskId, who, options, act));
    } else {
      const button = h('button', { type: 'button', class: `button ${action === 'accept' ? 'primary' : 'secondary'} small`, 'data-action': action }, ACTION_LABELS[action], h('span', { class: 'visually-hidden' }, ` ${who}`));
      button.addEventListener('click', () => act(action, {}, button));
      box.append(button);
    }
  }
  return box;
}

/** Decline opens a required reason, then confirms. */
function declineControl(taskId, who, act) {
  const reasonId = `task-${taskId}-reason`;
  const reason = h('textarea', { id: reasonId, class: 'input', rows: 2, maxlength: 500 });
  const confirm = h('button', { type: 'button', class: 'button secondary small', 'data-action': 'decline-confirm' }, 'Decline referral', h('span', { class: 'visually-hidden' }, ` for ${who}`));
  const panel = h(
    'div',
    { class: 'decline-panel', id: `task-${taskId}-decline`, hidden: true },
    h('label', { for: reasonId }, 'Reason for declining'),
    h('span', { class: 'hint block' }, 'The referrer sees this reason.'),
    reason,
    confirm,
  );
  const open = h('button', { type: 'button', class: 'button secondary small', 'data-action': 'decline', 'aria-expanded': 'false', 'aria-controls': panel.id }, 'Decline', h('span', { class: 'visually-hidden' }, ` ${who}`));
  open.addEventListener('click', () => {
    panel.hidden = !panel.hidden;
    open.setAttribute('aria-expanded', String(!panel.hidden));
    if (!panel.hidden) {
      reason.focus();
    }
  });
  confirm.addEventListener('click', () => act('decline', { reason: reason.value }, confirm));
  return h('div', { class: 'decline' }, open, panel);
}

/** Attendance or outcome: a business status from the published CodeSystem. */
function outcomeControl(taskId, who, options, act) {
  const selectId = `task-${taskId}-outcome`;
  const select = h(
    'select',
    { id: selectId, class: 'input' },
    h('option', { value: '' }, 'Choose…'),
    options.map((o) => h('option', { value: o.code }, o.display)),
  );
  const save = h('button', { type: 'button', class: 'button secondary small', 'data-action': 'outcome' }, 'Record', h('span', { class: 'visually-hidden' }, ` for ${who}`));
  save.addEventListener('click', () => {
    const chosen = options.find((o) => o.code === select.value);
    act('outcome', { businessStatus: chosen }, save);
  });
  return h('div', { class: 'outcome' }, h('label', { for: selectId }, 'Attendance or outcome'), h('div', { class: 'input-with-button' }, select, save));
}

function showError(error, message) {
  error.hidden = false;
  error.textContent = `Error: ${message}`;
}
