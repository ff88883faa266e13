/**
 * Sign-in and consent on a page the smoke has never seen, in the real browser: the login form is
 * the form holding a visible password field; its identity field is the visible text/email input
 * of that form most like a user name; its submit is the form's submit control. A consent page
 * is a form whose submit control says allow/approve/accept/authorize/continue/yes. Selectors
 * from SMOKE_SIGNIN_{USER,PASSWORD,SUBMIT}_SELECTOR override the guesses for odd pages.
 *
 * The redirect_uri is never served: the browser's request to it is observed (`request` event,
 * redirects included) and the navigation's failure ignored. What cannot be completed comes back
 * as `stopped` with the reason, for the caller to report as a skip.
 */
import type { Page } from '@playwright/test';
import { rememberSecret } from '../redact/secrets.js';

export interface SigninOptions {
  user?: { name: string; password: string };
  selectors?: { user?: string; password?: string; submit?: string };
  /** Page steps (sign-in, consent, ...) before giving up. */
  maxSteps?: number;
  timeoutMs?: number;
}

export interface SigninOutcome {
  /** The redirect_uri request the browser made (code, state, iss or error). */
  callback: URL | null;
  /** What happened, one entry per page: "login form at /interaction/x (login, password)", "consent at ... (Continue)". */
  steps: string[];
  /** Why the flow could not be completed (no callback): a skip reason. */
  stopped: string | null;
}

const MARK = 'data-smoke-role';
const APPROVE = /^(allow|approve|accept|authori[sz]e|consent|continue|confirm|grant|yes|ok)\b/i;
const REFUSE = /\b(deny|cancel|reject|decline|abort|no thanks|back)\b/i;

interface PageScan {
  kind: 'login' | 'consent' | 'none';
  userName?: string;
  passwordName?: string;
  submitText?: string;
  status?: string;
}

/** Marks the fields of the login or consent form in the DOM and says which it found. */
function scan(page: Page): Promise<PageScan> {
  return page.evaluate(
    ({ mark, approve, refuse }) => {
      const visible = (el: Element) => {
        const r = (el as HTMLElement).getBoundingClientRect();
        const s = getComputedStyle(el);
        return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none';
      };
      // A button says what its text says; an <input type=submit> what its value says.
      const label = (el: Element) =>
        (
          (el.tagName === 'BUTTON' ? el.textContent : (el as HTMLInputElement).value) ||
          el.getAttribute('aria-label') ||
          ''
        ).trim();
      const submitsOf = (root: ParentNode) =>
        [...root.querySelectorAll('button, input[type=submit], input[type=image]')].filter(
          (b) => visible(b) && (b.tagName !== 'BUTTON' || (b.getAttribute('type') ?? 'submit') === 'submit'),
        );
      document.querySelectorAll(`[${mark}]`).forEach((e) => e.removeAttribute(mark));
      const password = [...document.querySelectorAll('input[type=password]')].find(visible);
      if (password) {
        const form = password.closest('form') ?? document.body;
        const inputs = [...form.querySelectorAll('input')].filter(
          (i) =>
            visible(i) && ['text', 'email', 'tel', ''].includes((i.getAttribute('type') ?? '').toLowerCase()),
        );
        const score = (i: Element) => {
          const hay =
            `${i.getAttribute('autocomplete') ?? ''} ${i.getAttribute('name') ?? ''} ${i.id} ${i.getAttribute('type') ?? ''}`.toLowerCase();
          return /username|email/.test(hay) ? 3 : /user|login|mail|account|name|id/.test(hay) ? 2 : 1;
        };
        const user = inputs.sort((a, b) => score(b) - score(a))[0];
        const submit = submitsOf(form).find((b) => !refuse.test(label(b))) ?? null;
        password.setAttribute(mark, 'password');
        user?.setAttribute(mark, 'user');
        submit?.setAttribute(mark, 'submit');
        return {
          kind: 'login' as const,
          userName: user?.getAttribute('name') ?? user?.id ?? undefined,
          passwordName: password.getAttribute('name') ?? password.id,
          submitText: submit ? label(submit) : undefined,
        };
      }
      const approveButton = submitsOf(document).find((b) => approve.test(label(b)) && !refuse.test(label(b)));
      if (approveButton) {
        approveButton.setAttribute(mark, 'submit');
        return { kind: 'consent' as const, submitText: label(approveButton) };
      }
      return { kind: 'none' as const };
    },
    { mark: MARK, approve: APPROVE, refuse: REFUSE },
  ) as Promise<PageScan>;
}

/**
 * Navigates to `authorizeUrl` and walks sign-in and consent pages until the browser requests
 * `redirectUri` (or it cannot go on).
 */
export async function completeAuthorization(
  page: Page,
  authorizeUrl: string,
  redirectUri: string,
  opts: SigninOptions = {},
): Promise<SigninOutcome> {
  const steps: string[] = [];
  let callback: URL | null = null;
  let resolveCallback: () => void = () => undefined;
  const called = new Promise<void>((r) => (resolveCallback = r));
  page.on('request', (req) => {
    if (!callback && req.url().startsWith(redirectUri)) {
      callback = new URL(req.url());
      const code = callback.searchParams.get('code');
      if (code) rememberSecret(code);
      resolveCallback();
    }
  });
  const timeout = opts.timeoutMs ?? 5000;
  const settle = async (nav: Promise<unknown>) => {
    await Promise.race([called, nav.catch(() => undefined)]);
    if (!callback) await page.waitForLoadState('domcontentloaded', { timeout }).catch(() => undefined);
  };
  await settle(page.goto(authorizeUrl, { timeout }));
  const sel = opts.selectors ?? {};
  for (let i = 0; i < (opts.maxSteps ?? 5) && !callback; i++) {
    const where = (() => {
      try {
        return new URL(page.url()).pathname;
      } catch {
        return page.url();
      }
    })();
    const found = await scan(page).catch(() => ({ kind: 'none' }) as PageScan);
    if (found.kind === 'login' || (sel.password && (await page.locator(sel.password).count()))) {
      if (!opts.user)
        return { callback, steps, stopped: `a sign-in form at ${where} needs SMOKE_USER and SMOKE_PASSWORD` };
      const userField = page.locator(sel.user ?? `[${MARK}=user]`).first();
      const passwordField = page.locator(sel.password ?? `[${MARK}=password]`).first();
      const submit = page.locator(sel.submit ?? `[${MARK}=submit]`).first();
      if (!(await userField.count()))
        return {
          callback,
          steps,
          stopped: `sign-in form at ${where}: no identity field found (set SMOKE_SIGNIN_USER_SELECTOR)`,
        };
      if (!(await submit.count()))
        return {
          callback,
          steps,
          stopped: `sign-in form at ${where}: no submit control found (set SMOKE_SIGNIN_SUBMIT_SELECTOR)`,
        };
      await userField.fill(opts.user.name);
      await passwordField.fill(opts.user.password);
      steps.push(
        `sign-in at ${where} (${found.userName ?? 'user'}, ${found.passwordName ?? 'password'}, "${found.submitText ?? 'submit'}")`,
      );
      await settle(
        Promise.all([page.waitForEvent('framenavigated', { timeout }), submit.click({ timeout })]),
      );
      continue;
    }
    if (found.kind === 'consent') {
      steps.push(`consent at ${where} ("${found.submitText}")`);
      const submit = page.locator(`[${MARK}=submit]`).first();
      await settle(
        Promise.all([page.waitForEvent('framenavigated', { timeout }), submit.click({ timeout })]),
      );
      continue;
    }
    const title = (await page.title().catch(() => '')).slice(0, 60);
    return {
      callback,
      steps,
      stopped: `stopped at ${where}${title ? ` ("${title}")` : ''}: neither a sign-in form nor an approve button`,
    };
  }
  if (!callback) {
    await Promise.race([called, new Promise((r) => setTimeout(r, 500))]);
  }
  return {
    callback,
    steps,
    stopped: callback ? null : `no redirect to the redirect_uri after ${steps.length} page(s)`,
  };
}
