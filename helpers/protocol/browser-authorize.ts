/**
 * Sign-in and consent on pages the smoke has never seen, in the real browser (the standards
 * profile): each page is a sign-in form or a consent page as helpers/protocol/signin-page.ts
 * finds them (SMOKE_SIGNIN_* describe odd pages), filled and sent until the redirect_uri comes.
 *
 * The redirect_uri is never served: the browser's request to it is observed (`request` event,
 * redirects included) and the navigation's failure ignored. What cannot be completed comes back
 * as `stopped` with the reason, for the caller to report as a skip.
 */
import type { Page } from '@playwright/test';
import { rememberSecret } from '../redact/secrets.js';
import { consentLocator, signInOnPage } from './signin-page.js';

export interface SigninOptions {
  user?: { name: string; password: string };
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
  for (let i = 0; i < (opts.maxSteps ?? 5) && !callback; i++) {
    const where = (() => {
      try {
        return new URL(page.url()).pathname;
      } catch {
        return page.url();
      }
    })();
    const signIn = await signInOnPage(page).catch(() => undefined);
    if (signIn) {
      if (!opts.user)
        return { callback, steps, stopped: `a sign-in form at ${where} needs SMOKE_USER and SMOKE_PASSWORD` };
      const { identifier, password, submit, names } = signIn;
      if (!identifier || !password)
        return {
          callback,
          steps,
          stopped: `sign-in form at ${where}: no identity field found (set SMOKE_SIGNIN_EMAIL_FIELD)`,
        };
      if (!submit)
        return {
          callback,
          steps,
          stopped: `sign-in form at ${where}: no submit control found (set SMOKE_SIGNIN_SUBMIT)`,
        };
      await identifier.fill(opts.user.name);
      await password.fill(opts.user.password);
      steps.push(
        `sign-in at ${where} (${names.identifier ?? 'user'}, ${names.password ?? 'password'}, "${names.submit ?? 'submit'}")`,
      );
      await settle(
        Promise.all([page.waitForEvent('framenavigated', { timeout }), submit.click({ timeout })]),
      );
      continue;
    }
    const allow = consentLocator(page, 'allow');
    if (await allow.count().catch(() => 0)) {
      const label = await allow
        .evaluate((b) => (b.textContent || (b as HTMLInputElement).value || '').trim())
        .catch(() => 'allow');
      steps.push(`consent at ${where} ("${label}")`);
      await settle(Promise.all([page.waitForEvent('framenavigated', { timeout }), allow.click({ timeout })]));
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
