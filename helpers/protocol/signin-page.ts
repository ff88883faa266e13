/**
 * Finding the controls of a target's sign-in and consent pages without knowing their labels
 * (docs/target.md): the sign-in form is the one with a password field; its identifier field is
 * the email/username input beside it; it is sent with its own submit control. Consent is the
 * button whose label says allow (or deny). A page the rules miss is described with the
 * SMOKE_SIGNIN_* variables (field names, button labels), used by the HTTP and browser paths alike.
 */
import type { Locator, Page } from '@playwright/test';
import { smokeEnv, type SigninHints } from '../run/env.js';

/** The parts of a parsed form these rules read (helpers/protocol/oauth-flow.ts formsOf). */
export interface FormLike {
  inputs: Array<Record<string, string>>;
  buttons: Array<{ attrs: Record<string, string>; text: string }>;
}

export type Decision = 'allow' | 'deny';

const hints = (): SigninHints => smokeEnv().signin;
const ALLOW = /^\s*(allow|approve|authori[sz]e|accept|grant|consent)\b/i;
const DENY = /^\s*(deny|decline|reject|refuse|cancel|don'?t allow)\b/i;
const IDENTIFIER = /e-?mail|user|login|account|identifier/i;
const TEXTUAL = new Set(['', 'text', 'email']);

const same = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase();

/** Does this button label say `decision` (the SMOKE_SIGNIN_ALLOW/DENY label when given)? */
export function says(label: string, decision: Decision, h: SigninHints = hints()): boolean {
  const hint = decision === 'allow' ? h.allow : h.deny;
  return hint ? same(label, hint) : (decision === 'allow' ? ALLOW : DENY).test(label);
}

/** The sign-in form: the one holding the password field. */
export function signInForm<F extends FormLike>(forms: F[], h: SigninHints = hints()): F | undefined {
  return forms.find((f) =>
    f.inputs.some((i) => (h.passwordField ? i.name === h.passwordField : i.type === 'password')),
  );
}

/** The names of the identifier and password inputs of a sign-in form. */
export function signInFields(
  form: FormLike,
  h: SigninHints = hints(),
): { identifier?: string; password?: string } {
  const password = h.passwordField ?? form.inputs.find((i) => i.type === 'password')?.name;
  const visible = form.inputs.filter(
    (i) => TEXTUAL.has((i.type ?? '').toLowerCase()) && i.name && i.name !== password,
  );
  const identifier =
    h.emailField ??
    (
      visible.find((i) => (i.type ?? '').toLowerCase() === 'email') ??
      visible.find((i) => /username|email/i.test(i.autocomplete ?? '')) ??
      visible.find((i) => IDENTIFIER.test(`${i.name ?? ''} ${i.id ?? ''}`)) ??
      visible[0]
    )?.name;
  return { identifier, password };
}

/** The form and button that say `decision` on a consent page. */
export function consentControl<F extends FormLike>(forms: F[], decision: Decision, h: SigninHints = hints()) {
  for (const form of forms) {
    const button = form.buttons.find((b) => says(b.text, decision, h));
    if (button) return { form, button };
  }
  return undefined;
}

// The browser: the same rules as locators.

/** The sign-in form of the page Chromium is on, and its identifier, password and submit controls. */
export function signInLocators(
  page: Page,
  h: SigninHints = hints(),
): { identifier: Locator; password: Locator; submit: Locator } {
  const pw = h.passwordField ? `[name="${h.passwordField}"]` : 'input[type=password]';
  const form = page
    .locator('form')
    .filter({ has: page.locator(pw) })
    .first();
  const identifier = h.emailField
    ? form.locator(`[name="${h.emailField}"]`)
    : form
        .locator(
          'input[type=email], input[autocomplete~=username], input[autocomplete~=email], input[type=text], input:not([type])',
        )
        .first();
  const submit = h.submit
    ? form.getByRole('button', { name: h.submit, exact: true })
    : form.locator('button[type=submit], input[type=submit], button:not([type])').first();
  return { identifier, password: form.locator(pw).first(), submit };
}

/** The consent page's button for `decision`. */
export function consentLocator(page: Page, decision: Decision, h: SigninHints = hints()): Locator {
  const hint = decision === 'allow' ? h.allow : h.deny;
  return page
    .getByRole('button', { name: hint ?? (decision === 'allow' ? ALLOW : DENY), exact: Boolean(hint) })
    .first();
}
