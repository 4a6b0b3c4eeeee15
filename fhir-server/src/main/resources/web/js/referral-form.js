/**
 * The referral form (?refer=<HealthcareService id>&slot=<Slot id>): the person's details, contact preference,
 * reason and consent, checked here, sent as one transaction with the user's token. Errors, the page's or the
 * server's, are shown next to their field and in a summary at the top.
 */

import { getFhir } from './api.js';
import { h, replaceChildren } from './dom.js';
import { session } from './fhir.js';
import { placesText, sessionTime } from './format.js';
import { ReferralApiError, referralFetch } from './referral-api.js';
import { createdIds, newUuid, referralBundle } from './referral-bundle.js';
import { CONTACT_FIELDS, fieldForExpression, validateReferral } from './referral-input.js';

const ENTRY_TYPES = ['Patient', 'Consent', 'ServiceRequest'];

/**
 * Shows the form for the service {@code serviceId} (and the session {@code slotId}, or null) in {@code view}.
 * {@code navigate(href)} shows the referral once it is made.
 */
export async function showReferralForm(view, user, serviceId, slotId, navigate) {
  replaceChildren(view, h('p', { role: 'status' }, 'Loading…'));
  const [service, slot] = await Promise.all([
    getFhir(`HealthcareService/${encodeURIComponent(serviceId)}`),
    slotId ? getFhir(`Slot/${encodeURIComponent(slotId)}`).then(session).catch(() => null) : null,
  ]);
  const serviceHref = `/?service=${encodeURIComponent(serviceId)}`;
  const form = referralForm();
  // One identifier per referral, kept while the form is open: sending again after a failure cannot refer twice.
  const referralId = newUuid();
  const summary = h('div', { id: 'referral-errors', class: 'error-summary', role: 'alert', tabindex: '-1', hidden: true });
  replaceChildren(
    view,
    h('nav', { class: 'back', 'aria-label': 'Back' }, h('a', { href: serviceHref, class: 'back-link' }, 'Back to the activity')),
    h(
      'article',
      { class: 'panel referral-page', 'aria-labelledby': 'referral-title' },
      h('h1', { id: 'referral-title', tabindex: '-1' }, 'Refer someone to ', service.name ?? 'this activity'),
      h(
        'p',
        { class: 'lead', id: 'referral-session' },
        slot
          ? ['Session: ', h('strong', {}, sessionTime(slot.start, slot.end, true)), ` (${placesText(slot.remaining)})`]
          : slotId
            ? 'The session chosen is no longer listed: the provider will offer another.'
            : 'Any session: the provider will arrange one with the person.',
      ),
      h('p', {}, `Referring as ${user.name}, ${user.organizationName}. The provider, `, service.providedBy?.display ?? 'the organiser', ', receives the referral and can see the details below.'),
      summary,
      form,
    ),
  );
  form.addEventListener('change', (e) => {
    if (e.target.name === 'contact-method') {
      showContactField(form);
    }
  });
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const contactMethod = form.elements['contact-method'].value;
    const { errors, referral } = validateReferral(readForm(form));
    showErrors(form, summary, errors, []);
    if (referral === null) {
      return;
    }
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    button.textContent = 'Sending…';
    try {
      const bundle = referralBundle(referral, {
        referralId,
        serviceId,
        serviceName: service.name,
        slotId: slot ? slotId : null,
        organization: user.organization,
        now: new Date(),
      });
      const response = await referralFetch(user, '', { method: 'POST', body: bundle });
      navigate(`/?referral=${encodeURIComponent(createdIds(response).serviceRequest)}&sent=1`);
    } catch (err) {
      button.disabled = false;
      button.textContent = 'Send referral';
      const issues = err instanceof ReferralApiError ? err.issues : [];
      const placed = issues.map((i) => ({ field: fieldForExpression(i.expression, ENTRY_TYPES, contactMethod), message: i.text }));
      const general = placed.filter((i) => !i.field).map((i) => i.message);
      if (general.length === 0 && placed.length === 0) {
        general.push(err.message ?? 'The referral could not be sent. Please try again.');
      }
      if (err.status === 409) {
        general.push(h('a', { href: serviceHref }, 'Choose another session'));
      }
      showErrors(form, summary, placed.filter((i) => i.field), general);
    }
  });
  view.querySelector('h1').focus();
}

function referralForm() {
  const field = (id, label, hint, control) =>
    h(
      'div',
      { class: 'field', id: `${id}-field` },
      h('label', { for: id }, label),
      hint ? h('span', { class: 'hint', id: `${id}-hint` }, hint) : null,
      h('p', { class: 'error-message', id: `${id}-error`, hidden: true }),
      control,
    );
  const input = (id, attrs = {}) =>
    h('input', { id, name: id, type: 'text', class: 'input', autocomplete: 'off', spellcheck: 'false', 'aria-describedby': `${id}-hint ${id}-error`, ...attrs });
  const dobPart = (id, label, size) =>
    h('div', { class: 'date-part' }, h('label', { for: id }, label), input(id, { inputmode: 'numeric', maxlength: size, class: `input input-${size}`, 'aria-describedby': 'dob-hint dob-day-error' }));
  const contactOption = (method, label) =>
    h(
      'div',
      { class: 'check' },
      h('input', { type: 'radio', id: `contact-${method}-choice`, name: 'contact-method', value: method, 'aria-controls': `${CONTACT_FIELDS[method]}-field` }),
      h('label', { for: `contact-${method}-choice` }, label),
    );
  return h(
    'form',
    { id: 'referral-form', class: 'referral-form', novalidate: true },
    field('nhs-number', 'NHS number', '10 digits, for example 943 476 5919', input('nhs-number', { inputmode: 'numeric', class: 'input input-nhs' })),
    h(
      'div',
      { class: 'field-pair' },
      field('given-name', 'First name', null, input('given-name')),
      field('family-name', 'Last name', null, input('family-name')),
    ),
    h(
      'fieldset',
      { class: 'fieldset', id: 'dob-day-field', 'aria-describedby': 'dob-hint' },
      h('legend', {}, 'Date of birth'),
      h('span', { class: 'hint block', id: 'dob-hint' }, 'For example, 27 3 1958'),
      h('p', { class: 'error-message', id: 'dob-day-error', hidden: true }),
      h('div', { class: 'date-input' }, dobPart('dob-day', 'Day', 2), dobPart('dob-month', 'Month', 2), dobPart('dob-year', 'Year', 4)),
    ),
    h(
      'fieldset',
      { class: 'fieldset', id: 'contact-method-field' },
      h('legend', {}, 'How should the provider contact them?'),
      h('p', { class: 'error-message', id: 'contact-method-error', hidden: true }),
      h('div', { class: 'checks inline' },
        contactOption('phone', 'Phone'),
        contactOption('email', 'Email'),
        contactOption('letter', 'Letter'),
      ),
      conditional(field('contact-phone', 'Phone number', null, input('contact-phone', { type: 'tel', inputmode: 'tel' }))),
      conditional(field('contact-email', 'Email address', null, input('contact-email', { type: 'email' }))),
      conditional(
        field(
          'contact-address',
          'Postal address',
          'Each part of the address on its own line, with the postcode',
          h('textarea', { id: 'contact-address', name: 'contact-address', class: 'input', rows: 4, autocomplete: 'off', 'aria-describedby': 'contact-address-hint contact-address-error' }),
        ),
      ),
    ),
    field(
      'reason',
      'Reason for the referral',
      'What the person hopes to get from the activity, and anything the provider should know',
      h('textarea', { id: 'reason', name: 'reason', class: 'input', rows: 4, maxlength: 1000, 'aria-describedby': 'reason-hint reason-error' }),
    ),
    h(
      'div',
      { class: 'field consent', id: 'consent-field' },
      h('p', { class: 'error-message', id: 'consent-error', hidden: true }),
      h(
        'div',
        { class: 'check' },
        h('input', { type: 'checkbox', id: 'consent', name: 'consent', value: 'yes', 'aria-describedby': 'consent-error' }),
        h(
          'label',
          { for: 'consent' },
          'The person agrees that their name, date of birth, NHS number, contact details and this reason are shared with the activity provider, so that the provider can contact them about the activity.',
        ),
      ),
    ),
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'button primary' }, 'Send referral')),
  );
}

function conditional(fieldElement) {
  fieldElement.classList.add('conditional');
  fieldElement.hidden = true;
  return fieldElement;
}

function showContactField(form) {
  const method = form.elements['contact-method'].value;
  for (const [m, id] of Object.entries(CONTACT_FIELDS)) {
    form.querySelector(`#${id}-field`).hidden = m !== method;
  }
}

function readForm(form) {
  const value = (name) => form.elements[name]?.value ?? '';
  return {
    nhsNumber: value('nhs-number'),
    given: value('given-name'),
    family: value('family-name'),
    dobDay: value('dob-day'),
    dobMonth: value('dob-month'),
    dobYear: value('dob-year'),
    contactMethod: form.elements['contact-method'].value,
    phone: value('contact-phone'),
    email: value('contact-email'),
    address: value('contact-address'),
    reason: value('reason'),
    consent: form.elements.consent.checked,
  };
}

/**
 * Shows errors beside their fields ({field, message}) and all of them, with the general ones (text or nodes), in
 * the summary, which takes focus; with none, clears them.
 */
function showErrors(form, summary, fieldErrors, general) {
  for (const error of form.querySelectorAll('.error-message')) {
    error.hidden = true;
    error.textContent = '';
  }
  for (const el of form.querySelectorAll('.field-error')) {
    el.classList.remove('field-error');
  }
  for (const el of form.querySelectorAll('[aria-invalid]')) {
    el.removeAttribute('aria-invalid');
  }
  if (fieldErrors.length === 0 && general.length === 0) {
    summary.hidden = true;
    return;
  }
  const seen = new Set();
  for (const { field, message } of fieldErrors) {
    const control = field === 'contact-method' ? form.querySelector('#contact-phone-choice') : form.querySelector(`#${field}`);
    const error = form.querySelector(`#${field}-error`);
    if (!control || !error || seen.has(field)) {
      continue;
    }
    seen.add(field);
    error.hidden = false;
    error.textContent = `Error: ${message}`;
    form.querySelector(`#${field}-field`)?.classList.add('field-error');
    if (field === 'dob-day') {
      for (const part of ['dob-day', 'dob-month', 'dob-year']) {
        form.querySelector(`#${part}`).setAttribute('aria-invalid', 'true');
      }
    } else if (field !== 'contact-method') {
      control.setAttribute('aria-invalid', 'true');
    }
  }
  replaceChildren(
    summary,
    h('h2', { class: 'small-heading' }, 'There is a problem'),
    h(
      'ul',
      { class: 'error-list' },
      general.map((g) => h('li', {}, g)),
      fieldErrors.map(({ field, message }) =>
        h('li', {}, h('a', { href: `#${field === 'contact-method' ? 'contact-phone-choice' : field}`, onclick: (e) => focusField(e, form) }, message)),
      ),
    ),
  );
  summary.hidden = false;
  summary.focus();
}

function focusField(e, form) {
  e.preventDefault();
  const target = form.querySelector(e.currentTarget.getAttribute('href'));
  target?.focus();
  target?.scrollIntoView({ block: 'center' });
}
