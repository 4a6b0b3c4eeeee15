/**
 * The signed-in views, each a URL: the referral form (?refer=<HealthcareService id>&slot=<Slot id>), one referral
 * (?referral=<id>), "My referrals" (?view=referrals) and the provider's Tasks (?view=provider).
 */

import { currentUser, signIn } from './auth.js';
import { ApiError } from './api.js';
import { h, replaceChildren } from './dom.js';
import { showMyReferrals } from './my-referrals.js';
import { showProviderTasks } from './provider-tasks.js';
import { showReferralForm } from './referral-form.js';
import { showReferral } from './referral-page.js';

const ID = /^[A-Za-z0-9.-]{1,64}$/;

/** True when the URL names a signed-in view. */
export function isReferralView(params) {
  return params.has('refer') || params.has('referral') || ['referrals', 'provider'].includes(params.get('view'));
}

/** Shows the view the URL names in {@code view}; {@code navigate(href)} moves to another URL. */
export async function showReferralView(view, params, navigate) {
  const user = await currentUser();
  const referTo = params.get('refer');
  const needs = params.get('view') === 'provider' ? 'provider' : referTo !== null || params.get('view') === 'referrals' ? 'referrer' : null;
  try {
    if (!user || (needs && user.role !== needs)) {
      signInPrompt(view, user, needs);
    } else if (referTo !== null) {
      const slot = params.get('slot');
      if (!ID.test(referTo) || (slot !== null && !ID.test(slot))) {
        problem(view, 'Activity not found', 'The link does not name an activity. Search again and choose \u201cRefer\u201d.');
      } else {
        document.title = 'Refer someone: Activity Finder';
        await showReferralForm(view, user, referTo, slot, navigate);
      }
    } else if (params.has('referral')) {
      document.title = 'Referral: Activity Finder';
      const id = params.get('referral');
      if (ID.test(id)) {
        await showReferral(view, user, id, params.get('sent') === '1');
      } else {
        problem(view, 'Referral not found', 'The link does not name a referral.');
      }
    } else if (needs === 'provider') {
      document.title = 'Referrals to your services: Activity Finder';
      await showProviderTasks(view, user);
    } else {
      document.title = 'My referrals: Activity Finder';
      await showMyReferrals(view, user);
    }
  } catch (e) {
    problem(view, 'There is a problem', e instanceof ApiError ? e.message : 'Something went wrong. Please try again.');
  }
}

function signInPrompt(view, user, needs) {
  const who = needs === 'provider' ? 'an activity provider' : 'a link worker or other referrer';
  replaceChildren(
    view,
    h(
      'section',
      { class: 'panel', 'aria-labelledby': 'sign-in-title' },
      h('h1', { id: 'sign-in-title', tabindex: '-1' }, user ? 'This page is for another kind of account' : 'Sign in to continue'),
      h('p', {}, `This page is for ${who}, signed in with their organisation\u2019s account.`),
      user ? null : h('button', { type: 'button', class: 'button primary', onclick: () => signIn() }, 'Sign in'),
    ),
  );
  view.querySelector('h1').focus();
}

function problem(view, title, text) {
  replaceChildren(view, h('h1', { tabindex: '-1' }, title), h('p', {}, text), h('p', {}, h('a', { href: '/' }, 'Search for an activity')));
  view.querySelector('h1').focus();
}
