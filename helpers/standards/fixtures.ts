/**
 * Fixtures of the standards checks (tests/<group>/standards/), on top of the smoke's own:
 *
 * | fixture | what it is |
 * |---------|------------|
 * | target  | the discovery chain global setup ran (MCP URL, 401 challenge, resource and AS metadata) |
 * | as      | the authorization server metadata; "not run" when discovery did not reach it |
 * | client  | the OAuth client the oauth group registered (or SMOKE_OAUTH_CLIENT_ID) |
 * | tokens  | the access (and refresh) token the oauth group obtained through the browser |
 * | env     | the smoke env (user, selectors, configured client); the engram profile signs in as the run's tenant |
 * | storageState | the authorization server's session from the run's first browser sign-in, as a user's browser keeps it |
 * | openPage | () => a Chromium page with that session, made on first call (a check that may not need one) |
 */
import type { BrowserContext, Page } from '@playwright/test';
import { smokeEnv, type SmokeEnv } from '../run/env.js';
import { test as base } from '../fixtures.js';
import type { AsMetadataDoc, Target } from './discover.js';
import {
  readBrowserSession,
  readClient,
  readSigninBlocked,
  readTarget,
  readTokens,
  type StdClient,
  type StdTokens,
} from './state.js';

export { expect, rememberSecret } from '../fixtures.js';

const notRun = (why: string): never => {
  base.skip(true, `not run: ${why}`);
  throw new Error('unreachable: test.skip throws');
};

export const test = base.extend<{
  target: Target;
  as: AsMetadataDoc;
  client: StdClient;
  tokens: StdTokens;
  env: SmokeEnv;
  openPage: () => Promise<Page>;
}>({
  env: [
    async ({ state }, use) => {
      const env = smokeEnv();
      const t = state.tenant;
      await use(env.user || !t ? env : { ...env, user: { name: t.email, password: t.password } });
    },
    { box: true },
  ],
  // Engram profile: each check's browser context starts with the cookies the first sign-in left
  // (straight to consent). Not elsewhere: one session may mean one grant (see authorizationCode).
  storageState: async ({ env }, use) => use((env.profile === 'engram' && readBrowserSession()) || undefined),
  openPage: async ({ browser, storageState }, use, testInfo) => {
    let context: BrowserContext | undefined;
    await use(async () => {
      if (!context) {
        testInfo.slow(); // as the page fixture: a browser is slower than a request
        context = await browser.newContext({ storageState });
      }
      return context.pages()[0] ?? context.newPage();
    });
    await context?.close();
  },
  target: [
    async ({}, use) => use(readTarget() ?? notRun('global setup published no discovery result')),
    { box: true },
  ],
  as: [
    async ({ target }, use) =>
      use(
        target.authServer?.doc ??
          notRun(`no authorization server metadata: ${target.error ?? 'discovery incomplete'}`),
      ),
    { box: true },
  ],
  client: [
    async ({}, use) =>
      use(
        readClient() ?? notRun('no OAuth client (oauth.register.dynamic.client_issued did not provide one)'),
      ),
    { box: true },
  ],
  tokens: [
    async ({}, use) =>
      use(
        readTokens() ??
          notRun(
            `no access token: ${readSigninBlocked() ? `sign-in not completed: ${readSigninBlocked()}` : 'the oauth group did not complete the authorization code flow'}`,
          ),
      ),
    { box: true },
  ],
});
