/**
 * Fixtures of the standards checks (tests/<group>/standards/), on top of the smoke's own:
 *
 * | fixture | what it is |
 * |---------|------------|
 * | target  | the discovery chain global setup ran (MCP URL, 401 challenge, resource and AS metadata) |
 * | as      | the authorization server metadata; "not run" when discovery did not reach it |
 * | client  | the OAuth client the registration check registered, else one of this worker's (or SMOKE_OAUTH_CLIENT_ID) |
 * | tokens  | the access (and refresh) token the oauth group obtained through the browser |
 * | env     | the smoke env (user, selectors, configured client); the engram profile signs in as the run's tenant |
 * | openPage | () => a Chromium page of the check's own, made on first call (a check that may not need one) |
 * | codeCookie | engram profile: () => the tenant's sign-in cookie, to walk /authorize over HTTP; else null |
 */
import type { BrowserContext, Page } from '@playwright/test';
import { smokeEnv, type SmokeEnv } from '../run/env.js';
import { test as base } from '../fixtures.js';
import type { AsMetadataDoc, Target } from './discover.js';
import { preconditionClient } from './flow.js';
import { tenantCookie } from '../protocol/oauth-flow.js';
import { noTokenReason } from '../run/oauth-state.js';
import {
  readClient,
  readSigninBlocked,
  readTarget,
  readTokens,
  readTokensFailure,
  type StdClient,
  type StdTokens,
} from './state.js';

export { expect, rememberSecret } from '../fixtures.js';

let workerClient: Promise<StdClient | null> | undefined;

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
  codeCookie: (() => Promise<string>) | null;
}>({
  env: [
    async ({ state }, use) => {
      const env = smokeEnv();
      const t = state.tenant;
      await use(env.user || !t ? env : { ...env, user: { name: t.email, password: t.password } });
    },
    { box: true },
  ],
  // Engram profile: codes for the checks after /authorize are walked over HTTP with the tenant's
  // sign-in cookie, as Engram's own checks mint theirs (see authorizationCode). Elsewhere none.
  codeCookie: async ({ env, state, ledger }, use) =>
    use(env.profile === 'engram' && state.tenant ? () => tenantCookie(state, ledger) : null),
  openPage: async ({ launchBrowser }, use, testInfo) => {
    let context: BrowserContext | undefined;
    await use(async () => {
      if (!context) {
        testInfo.slow(); // as the page fixture: a browser is slower than a request
        context = await (await launchBrowser()).newContext();
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
  // The registration check's client; before it has one (checks run side by side in the wide
  // layout, or in another group), one registered for this worker as a precondition.
  client: [
    async ({ as, env }, use) => {
      const client = readClient() ?? (await (workerClient ??= preconditionClient(as, env)));
      await use(client ?? notRun('no OAuth client: no registration_endpoint and no SMOKE_OAUTH_CLIENT_ID'));
    },
    { box: true },
  ],
  // The precondition the mcp checks name when it is missing: which check failed to get the token.
  tokens: [
    async ({}, use) => {
      const tokens = readTokens();
      if (tokens) return use(tokens);
      const failed = readTokensFailure();
      const blocked = readSigninBlocked();
      if (failed && !blocked) return base.skip(true, noTokenReason(failed));
      notRun(
        `no access token: ${blocked ? `sign-in not completed: ${blocked}` : 'the oauth group did not complete the authorization code flow'}`,
      );
    },
    { box: true },
  ],
});
