// The sign-in and consent pages of a target the smoke has never seen: found by their fields and
// the words on their buttons (helpers/protocol/signin-page.ts), or by the SMOKE_SIGNIN_* hints.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formsOf } from '../../helpers/protocol/oauth-flow.js';
import {
  consentControl,
  says,
  signInFields,
  signInForm,
  signInSubmit,
} from '../../helpers/protocol/signin-page.js';
import { parseEnv } from '../../helpers/run/env.js';

const none = {};

const engram = `<form method="post" action="/oauth/signin"><input type="hidden" name="req" value="x">
  <label for="email">Email</label><input id="email" type="email" name="email">
  <label for="password">Password</label><input id="password" type="password" name="password">
  <button type="submit">Sign in</button></form>`;

const other = `<form action="/search"><input name="q"><button>Search</button></form>
  <form method="post" action="/login"><input type="hidden" name="csrf" value="t">
  <label>Username <input type="text" name="login_id" autocomplete="username"></label>
  <label>Passphrase <input type="password" name="secret"></label>
  <input type="submit" name="op" value="Log in"></form>`;

test('sign-in form: the one with a password field, its identifier beside it', () => {
  for (const [html, identifier, password] of [
    [engram, 'email', 'password'],
    [other, 'login_id', 'secret'],
  ] as const) {
    const form = signInForm(formsOf(html), none);
    assert.ok(form, 'no sign-in form found');
    assert.deepEqual(signInFields(form, none), { identifier, password });
  }
});

test('hints name the fields when the rules cannot', () => {
  const html = `<form method="post"><input type="text" name="a"><input type="text" name="b"><input type="password" name="p"></form>`;
  const form = signInForm(formsOf(html), none)!;
  assert.equal(signInFields(form, none).identifier, 'a', 'without a hint the first text input');
  assert.equal(signInFields(form, { emailField: 'b' }).identifier, 'b');
});

test('consent: the button that says allow or deny, <button> or <input type=submit>', () => {
  const html = `<form method="post" action="/consent"><input type="hidden" name="t" value="1">
    <input type="submit" name="decision" value="Authorize"><button name="decision" value="no">Cancel</button></form>`;
  const forms = formsOf(html);
  assert.equal(consentControl(forms, 'allow', none)?.button.attrs.value, 'Authorize');
  assert.equal(consentControl(forms, 'deny', none)?.button.text, 'Cancel');
  assert.equal(says('Allow', 'allow', none), true);
  assert.equal(says('Allow', 'deny', none), false);
  assert.equal(says('Go ahead', 'allow', { allow: 'Go ahead' }), true);
  assert.equal(says('Allow', 'allow', { allow: 'Go ahead' }), false, 'a hint replaces the word rules');
});

test('one set of hints: SMOKE_SIGNIN_*; the old *_SELECTOR names still read, as CSS for the browser', () => {
  const env = parseEnv({
    SMOKE_SIGNIN_EMAIL_FIELD: 'login',
    SMOKE_SIGNIN_USER_SELECTOR: '#user',
    SMOKE_SIGNIN_PASSWORD_SELECTOR: 'input.pw',
    SMOKE_SIGNIN_SUBMIT_SELECTOR: 'button.go',
  });
  assert.equal(env.signin.emailField, 'login');
  assert.deepEqual(env.signin.css, { emailField: '#user', passwordField: 'input.pw', submit: 'button.go' });
});

test('the submit: the hinted label, else the first submit control that does not say cancel', () => {
  const form = formsOf(`<form method="post"><input type="password" name="p">
    <button type="submit" name="op" value="c">Cancel</button><button type="button">Show</button>
    <input type="submit" name="op" value="Log in"></form>`)[0]!;
  assert.equal(signInSubmit(form, none)?.text, 'Log in');
  assert.equal(signInSubmit(form, { submit: 'cancel' })?.attrs.value, 'c');
});
