/**
 * Fixtures of the standards checks (tests/<group>/standards/), on top of the smoke's own:
 *
 * | fixture | what it is |
 * |---------|------------|
 * | target  | the discovery chain global setup ran (MCP URL, 401 challenge, resource and AS metadata) |
 * | as      | the authorization server metadata; "not run" when discovery did not reach it |
 * | client  | the OAuth client the oauth group registered (or SMOKE_OAUTH_CLIENT_ID) |
 * | tokens  | the access (and refresh) token the oauth group obtained through the browser |
 * | env     | the smoke env (user, selectors, configured client) |
 */
import { smokeEnv, type SmokeEnv } from '../run/env.js';
import { test as base } from '../fixtures.js';
import type { AsMetadataDoc, Target } from './discover.js';
import {
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
}>({
  env: [async ({}, use) => use(smokeEnv()), { box: true }],
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
