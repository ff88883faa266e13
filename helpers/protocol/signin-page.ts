/**
 * Finding the controls of a target's sign-in and consent pages without knowing their labels
 * (docs/target.md), for every path that signs in: the Engram cookie flow (parsed HTML), the
 * Engram browser check and the standards profile's browser walk (Chromium). The sign-in form is
 * the one with a password field; its identifier field is the email/username input beside it; it
 * is sent with its own submit control. Consent is the button whose label says allow (or deny).
 * A page the rules miss is described with the SMOKE_SIGNIN_* variables (helpers/run/env.ts).
 */
import type { Locator, Page } from '@playwright/test';
import { smokeEnv, type SigninHints } from '../run/env.js';

/** The parts of a parsed form these rules read (helpers/protocol/oauth-flow.ts formsOf). */
export interface FormLike {
  inputs: Input[];
  buttons: Array<{ attrs: Record<string, string>; text: string }>;
}

export type Decision = 'allow' | 'deny';
type Input = Record<string, string>;

const hints = (): SigninHints => smokeEnv().signin;
const ALLOW = /^\s*(allow|approve|authori[sz]e|accept|grant|consent|continue|confirm|yes|ok)\b/i;
const DENY = /^\s*(deny|decline|reject|refuse|cancel|abort|no thanks|back|don'?t allow)\b/i;
const IDENTIFIER = /e-?mail|user|login|account|identifier/i;
const TEXTUAL = new Set(['', 'text', 'email', 'tel']);
/** The tag pageForms puts on each control of a page in the browser (an unnamed one is still found). */
const REF = 'data-smoke-ref';

const same = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase();

/** Does this button label say `decision` (the SMOKE_SIGNIN_ALLOW/DENY label when given)? */
export function says(label: string, decision: Decision, h: SigninHints = hints()): boolean {
  const hint = decision === 'allow' ? h.allow : h.deny;
  return hint ? same(label, hint) : (decision === 'allow' ? ALLOW : DENY).test(label);
}

const isPassword = (i: Input, h: SigninHints): boolean =>
  h.passwordField ? i.name === h.passwordField : (i.type ?? '').toLowerCase() === 'password';

/** The sign-in form: the one holding the password field. */
export function signInForm<F extends FormLike>(forms: F[], h: SigninHints = hints()): F | undefined {
  return forms.find((f) => f.inputs.some((i) => isPassword(i, h)));
}

/** The identifier and password inputs of a sign-in form (an input is its attributes). */
function signInInputs(form: FormLike, h: SigninHints): { identifier?: Input; password?: Input } {
  const password = form.inputs.find((i) => isPassword(i, h));
  const visible = form.inputs.filter(
    (i) =>
      TEXTUAL.has((i.type ?? '').toLowerCase()) &&
      (i.name || i[REF]) &&
      i !== password &&
      i.name !== h.passwordField,
  );
  const identifier = h.emailField
    ? form.inputs.find((i) => i.name === h.emailField)
    : (visible.find((i) => (i.type ?? '').toLowerCase() === 'email') ??
      visible.find((i) => /username|email/i.test(i.autocomplete ?? '')) ??
      visible.find((i) => IDENTIFIER.test(`${i.name ?? ''} ${i.id ?? ''}`)) ??
      visible[0]);
  return { identifier, password };
}

/** The names of the identifier and password inputs of a sign-in form. */
export function signInFields(
  form: FormLike,
  h: SigninHints = hints(),
): { identifier?: string; password?: string } {
  const found = signInInputs(form, h);
  return {
    identifier: h.emailField ?? (found.identifier?.name || undefined),
    password: h.passwordField ?? (found.password?.name || undefined),
  };
}

/** The control that sends a sign-in form: the SMOKE_SIGNIN_SUBMIT label, else its first submit that says no "cancel". */
export function signInSubmit<F extends FormLike>(
  form: F,
  h: SigninHints = hints(),
): F['buttons'][number] | undefined {
  return form.buttons.find((b) =>
    h.submit ? same(b.text, h.submit) : (b.attrs.type ?? 'submit') === 'submit' && !DENY.test(b.text),
  );
}

/** The form and button that say `decision` on a consent page. */
export function consentControl<F extends FormLike>(forms: F[], decision: Decision, h: SigninHints = hints()) {
  for (const form of forms) {
    const button = form.buttons.find((b) => says(b.text, decision, h));
    if (button) return { form, button };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// The browser: the same rules, applied to the page's visible forms.

/**
 * The forms of the page Chromium is on, as the rules read them: visible controls (and hidden
 * inputs), each tagged with a data-smoke-ref so the rules' choice can be located; controls
 * outside any form make one form more.
 */
async function pageForms(page: Page): Promise<FormLike[]> {
  // Under tsx (the spec/ tests) esbuild names the functions below with a __name() the page lacks.
  await page.evaluate('globalThis.__name ??= (f) => f');
  return page.evaluate((ref) => {
    const visible = (el: Element) => {
      const r = el.getBoundingClientRect();
      const s = getComputedStyle(el);
      return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none';
    };
    const attrs = (el: Element) => Object.fromEntries([...el.attributes].map((a) => [a.name, a.value]));
    let n = 0;
    const tagged = (el: Element) => {
      el.setAttribute(ref, String(n++));
      return { ...attrs(el), [ref]: el.getAttribute(ref)! };
    };
    const isButton = (el: Element) =>
      el.tagName === 'BUTTON'
        ? (el.getAttribute('type') ?? 'submit').toLowerCase() === 'submit'
        : ['submit', 'image'].includes((el as HTMLInputElement).type);
    // A button says what its text says; an <input type=submit> what its value says.
    const label = (el: Element) =>
      (
        (el.tagName === 'BUTTON' ? el.textContent : (el as HTMLInputElement).value) ||
        el.getAttribute('aria-label') ||
        ''
      ).trim();
    const read = (controls: Element[]) => ({
      inputs: controls
        .filter((el) => el.tagName === 'INPUT' && !isButton(el))
        .filter((el) => (el as HTMLInputElement).type === 'hidden' || visible(el))
        .map(tagged),
      buttons: controls
        .filter((el) => isButton(el) && visible(el))
        .map((el) => ({ attrs: tagged(el), text: label(el) })),
    });
    const all = [...document.querySelectorAll('input, button')];
    return [
      ...[...document.forms].map((f) => read(all.filter((el) => el.closest('form') === f))),
      read(all.filter((el) => !el.closest('form'))),
    ];
  }, REF);
}

const located = (page: Page, control?: Input): Locator | undefined =>
  control ? page.locator(`[${REF}="${control[REF]}"]`) : undefined;

export interface SignInControls {
  /** Undefined when the page's sign-in form has no such control. */
  identifier?: Locator;
  password?: Locator;
  submit?: Locator;
  /** What was found, for the report: field names, the submit's label. */
  names: { identifier?: string; password?: string; submit?: string };
}

/**
 * The sign-in form of the page Chromium is on and its controls, or undefined when the page has
 * no sign-in form. The deprecated selector hints (h.css) replace the rules' choice.
 */
export async function signInOnPage(
  page: Page,
  h: SigninHints = hints(),
): Promise<SignInControls | undefined> {
  const css = h.css ?? {};
  const form = signInForm(await pageForms(page), h);
  const byCss = (sel?: string) => (sel ? page.locator(sel).first() : undefined);
  if (!form && !(css.passwordField && (await page.locator(css.passwordField).count()))) return undefined;
  const found: ReturnType<typeof signInInputs> = form ? signInInputs(form, h) : {};
  const button = form ? signInSubmit(form, h) : undefined;
  return {
    identifier: byCss(css.emailField) ?? located(page, found.identifier),
    password: byCss(css.passwordField) ?? located(page, found.password),
    submit: byCss(css.submit) ?? located(page, button?.attrs),
    names: {
      identifier: found.identifier?.name || found.identifier?.id,
      password: found.password?.name || found.password?.id,
      submit: button?.text,
    },
  };
}

/** The consent page's button for `decision` (a locator: it waits for the page to come). */
export function consentLocator(page: Page, decision: Decision, h: SigninHints = hints()): Locator {
  const hint = decision === 'allow' ? h.allow : h.deny;
  return page
    .getByRole('button', { name: hint ?? (decision === 'allow' ? ALLOW : DENY), exact: Boolean(hint) })
    .first();
}
