/**
 * The smoke's fixtures. Every check imports `test` and `expect` from here:
 *
 *   import { test } from '../../helpers/fixtures.js';
 *   test('apikeys.list.no_secret', async ({ api, check }) => { ... });
 *
 * | fixture   | what it is |
 * |-----------|------------|
 * | check     | Check: check.status(n) / check.detail(s) / check.json(res, 200, Schema) / check.that(cond, msg) |
 * | state     | RunState from global setup (tenant, api_key, byok, admin, urls). Holds secrets: never log it |
 * | urls      | { admin, mcp, router } base URLs |
 * | tenant    | state.tenant, or fails the check with the provisioning error |
 * | anon      | APIRequestContext on the admin app, no credentials |
 * | api       | APIRequestContext on the admin app, Bearer <API key> |
 * | session   | APIRequestContext on the admin app, Bearer <session JWT> |
 * | admin     | APIRequestContext on the admin app, Bearer <admin session>; skips if no admin creds |
 * | http      | (opts) => APIRequestContext for any app/credential: http({ app: 'router', auth: 'apiKey' }) |
 * | mcp       | (opts?) => connected MCP client (SDK); bearer defaults to the API key (that session is shared by the worker's checks); others closed after the check |
 * | ledger    | ledger.add({ kind, id, secret? }): register the undo of anything the check creates |
 * | secondTenantLocked | the run's second tenant, held by this check alone (it changes or counts it) |
 * | launchBrowser | () => the worker's Chromium, launched on first call (the config's launch options) |
 *
 * Request contexts outlive the check (their connections carry on) unless it left a cookie in
 * one; MCP clients are closed after the check. Tokens a check mints and parses
 * with check.json() are remembered for redaction; call rememberSecret(v) for any other secret.
 */
import { test as base, expect, type APIRequestContext, type Browser } from '@playwright/test';
import { Check } from './check.js';
import { smokeEnv } from './run/env.js';
import { recordFetchDuring } from './report/exchange-recorder.js';
import { installFastStacks } from './run/fast-stacks.js';
import { registerUndo, type LedgerApi, type LedgerEntry } from './run/ledger.js';

export type { LedgerApi };
import type { McpConnectOptions, McpSession } from './protocol/mcp-client.js';
import { requireAdmin } from './run/require.js';
import { readRunState, type RunState, type Tenant } from './run/run-state.js';
import { provisionedSecondTenant } from './run/second-tenant.js';
import { lockSecondTenant } from './run/tenant-lock.js';
import { checkTimeoutMs, requestTimeoutMs, useMeasuredRtt } from './run/timeouts.js';

// Before any check runs: every fixture step formats a stack (see fast-stacks.ts).
installFastStacks();

export { expect };
export { rememberSecret } from './redact/secrets.js';
export { requireAdmin, requireByokKey, requireWebhookSecret } from './run/require.js';

export type App = 'admin' | 'mcp' | 'router';
/** A named credential of the run, a literal bearer string, or none. */
export type Auth = 'apiKey' | 'session' | 'admin' | 'none' | { bearer: string };

export interface HttpOptions {
  app?: App;
  auth?: Auth;
  headers?: Record<string, string>;
}

interface SmokeFixtures {
  targetReachable: void;
  recordExchanges: void;
  readOnly: void;
  check: Check;
  state: RunState;
  urls: RunState['urls'];
  tenant: NonNullable<RunState['tenant']>;
  http: (opts?: HttpOptions) => Promise<APIRequestContext>;
  anon: APIRequestContext;
  api: APIRequestContext;
  session: APIRequestContext;
  admin: APIRequestContext;
  mcp: (opts?: McpConnectOptions & { bearer?: string }) => Promise<McpSession>;
  ledger: LedgerApi;
  secondTenantLocked: Tenant;
}

/** A pooled request context; `freeSince` is when its last check ended (Infinity while in use). */
interface PooledContext {
  ctx: Promise<APIRequestContext>;
  freeSince: number;
}

// Servers close an idle connection (Node after 5 s); a request sent as it closes fails with
// ECONNRESET (seen at 300 ms RTT). A context idle this long is replaced before that can happen.
const POOL_IDLE_MS = 2000;

interface SmokeWorkerFixtures {
  runState: RunState;
  requestPool: Map<string, PooledContext>;
  sharedMcp: () => Promise<McpSession>;
  launchBrowser: () => Promise<Browser>;
}

/**
 * The MCP SDK client, loaded on first use: most groups never open an MCP session, and it costs
 * each worker process about a quarter of a second of CPU to load. require, not import():
 * helpers/ is CommonJS and a dynamic import() of a .ts file bypasses Playwright's transform.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const loadMcpClient = () => require('./protocol/mcp-client.js') as typeof import('./protocol/mcp-client.js');

/** A resource global setup made; without it the check is "not run" (the run is already red). */
function provisioned<T>(value: T | null, state: RunState, what: string): T {
  if (value) return value;
  test.skip(true, `not run: no ${what}: ${state.provisioning_error ?? 'global setup did not provision it'}`);
  throw new Error('unreachable: test.skip throws');
}

function bearerFor(auth: Auth, state: RunState): string | undefined {
  if (auth === 'none') return undefined;
  if (typeof auth === 'object') return auth.bearer;
  if (auth === 'apiKey') return provisioned(state.api_key, state, 'API key').key;
  if (auth === 'session') return provisioned(state.tenant, state, 'tenant session').session_token;
  return requireAdmin(state).token;
}

export const test = base.extend<SmokeFixtures, SmokeWorkerFixtures>({
  // For a check that may not need a browser: Playwright's `browser` launches as soon as a check
  // names it (each far run's oauth workers launched 4 for the one sign-in that needs one). Here,
  // not in the standards fixtures: a worker fixture there would give those files workers of
  // their own (another worker hash: ~1.5 s of CPU per start).
  launchBrowser: [
    async ({ playwright, browserName }, use) => {
      let launched: Promise<Browser> | undefined;
      await use(() => (launched ??= playwright[browserName].launch()));
      if (launched) await (await launched).close();
    },
    { scope: 'worker', timeout: 0, box: true },
  ],
  runState: [
    async ({}, use) => {
      const state = readRunState();
      useMeasuredRtt(state.rtt_ms); // request and check timeouts grow with it
      await use(state);
    },
    { scope: 'worker', box: true },
  ],
  state: [async ({ runState }, use) => use(runState), { box: true }],
  urls: [async ({ runState }, use) => use(runState.urls), { box: true }],
  tenant: [async ({ runState }, use) => use(provisioned(runState.tenant, runState, 'tenant')), { box: true }],

  check: [async ({}, use, testInfo) => use(new Check(testInfo)), { box: true }],

  // Every check: each fetch it makes (MCP SDK, SSE probe, OAuth preconditions) is a step in its trace and report.
  recordExchanges: [async ({}, use) => recordFetchDuring(use), { auto: true, box: true }],

  // SMOKE_READONLY=1: checks tagged @mutating (they change state beyond the run's own tenant:
  // signed webhooks that change a plan, extra sign-ups) are skipped, saying why.
  readOnly: [
    async ({}, use, testInfo) => {
      if (process.env.SMOKE_READONLY === '1' && testInfo.tags.includes('@mutating'))
        test.skip(true, "SMOKE_READONLY=1: @mutating, it changes state beyond the run's own tenant");
      await use();
    },
    { auto: true, box: true },
  ],

  // Every check: when setup found the target unreachable (or answering 5xx everywhere), report
  // "not run" at once; else give it the time its round trips need.
  targetReachable: [
    async ({ runState }, use, testInfo) => {
      if (runState.unreachable) test.skip(true, `not run: ${runState.unreachable}`);
      // Never below what was configured: `--timeout` and test.slow() (the browser checks) raise it.
      testInfo.setTimeout(Math.max(testInfo.timeout, checkTimeoutMs()));
      await use();
    },
    { auto: true, box: true },
  ],

  // A check that drives Chromium (a context, page loads, form posts) gets three times a check's
  // time: the sign-in takes 4 s on an idle 2-core machine and took 11 s on a loaded one.
  page: async ({ page }, use, testInfo) => {
    testInfo.slow(true, 'drives Chromium');
    await use(page);
  },

  // One request context per (app, credential, headers) for the worker's life: its keep-alive
  // connections carry on to the next check, a round trip saved per connection (two with TLS).
  // Playwright records a long-lived context in the trace of each check that uses it.
  requestPool: [
    async ({}, use) => {
      const pool = new Map<string, PooledContext>();
      await use(pool);
      await Promise.all([...pool.values()].map(async (p) => (await p.ctx).dispose()));
    },
    { scope: 'worker', box: true },
  ],
  http: [
    async ({ playwright, requestPool, runState }, use) => {
      const used = new Set<string>();
      await use(async ({ app = 'admin', auth = 'none', headers = {} } = {}) => {
        const bearer = bearerFor(auth, runState);
        const key = JSON.stringify([app, bearer ?? null, headers]);
        used.add(key);
        let pooled = requestPool.get(key);
        if (pooled && Date.now() - pooled.freeSince > POOL_IDLE_MS) {
          // Awaited: disposed in the background, it raced the trace recorder's end of the check.
          requestPool.delete(key);
          await (await pooled.ctx).dispose().catch(() => undefined);
          pooled = undefined;
        }
        if (!pooled) {
          pooled = {
            ctx: playwright.request.newContext({
              baseURL: runState.urls[app],
              extraHTTPHeaders: {
                accept: 'application/json',
                ...headers,
                ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
              },
              maxRedirects: 0,
              timeout: requestTimeoutMs(),
            }),
            freeSince: Infinity,
          };
          requestPool.set(key, pooled);
        }
        pooled.freeSince = Infinity;
        return pooled.ctx;
      });
      // A context holding a cookie (a sign-in) goes: no later check inherits it.
      await Promise.all(
        [...used].map(async (key) => {
          const pooled = requestPool.get(key);
          if (!pooled) return;
          const ctx = await pooled.ctx;
          const stored = await ctx.storageState().catch(() => null);
          if (stored?.cookies.length === 0) return void (pooled.freeSince = Date.now());
          requestPool.delete(key);
          await ctx.dispose();
        }),
      );
    },
    { box: true },
  ],
  anon: [async ({ http }, use) => use(await http({ auth: 'none' })), { box: true }],
  api: [async ({ http }, use) => use(await http({ auth: 'apiKey' })), { box: true }],
  session: [async ({ http }, use) => use(await http({ auth: 'session' })), { box: true }],
  admin: [async ({ http }, use) => use(await http({ auth: 'admin' })), { box: true }],

  // The run's API-key session, opened once per worker: against a remote target each session
  // costs round trips (initialize, initialized, DELETE) that a check need not pay again.
  sharedMcp: [
    async ({ runState }, use) => {
      let shared: Promise<McpSession> | undefined;
      await use(() => {
        const key = provisioned(runState.api_key, runState, 'API key').key;
        shared ??= loadMcpClient()
          .connectMcp(runState.urls.mcp, key)
          .catch((e: unknown) => {
            shared = undefined; // the next check tries again
            throw e;
          });
        return shared;
      });
      await shared?.then((s) => s.close()).catch(() => undefined);
    },
    { scope: 'worker', box: true },
  ],

  mcp: [
    async ({ runState, sharedMcp, check }, use) => {
      const sessions: McpSession[] = [];
      // The line reports the HTTP status the last tool call actually got, not an assumed 200: a
      // per-check view of the session (the worker's shared one included) records it.
      const observed = (s: McpSession): McpSession => {
        check.status(s.lastStatus());
        const seen = async <T>(call: () => Promise<T>): Promise<T> => {
          try {
            return await call();
          } finally {
            check.status(s.lastStatus());
          }
        };
        const client = Object.create(s.client) as McpSession['client'];
        client.listTools = (...a) => seen(() => s.client.listTools(...a));
        return { ...s, client, callTool: (...a) => seen(() => s.callTool(...a)) };
      };
      await use(async ({ bearer, ...opts } = {}) => {
        if (bearer === undefined && opts.configSet === undefined && opts.timeoutMs === undefined)
          return observed(await sharedMcp());
        const token = bearer ?? provisioned(runState.api_key, runState, 'API key').key;
        const s = await loadMcpClient().connectMcp(runState.urls.mcp, token, opts);
        sessions.push(s);
        return observed(s);
      });
      await Promise.all(sessions.map((s) => s.close().catch(() => undefined)));
    },
    { box: true },
  ],

  // Checks that change the shared second tenant (its plan, a key of its own) or count what those
  // would disturb run one at a time across workers.
  secondTenantLocked: [
    async ({ runState }, use) => {
      const t = provisionedSecondTenant(runState);
      const release = await lockSecondTenant();
      try {
        await use(t);
      } finally {
        release();
      }
    },
    { box: true },
  ],

  ledger: [
    async ({}, use, testInfo) => {
      const surfaceOf: Record<LedgerEntry['kind'], LedgerEntry['surface']> = {
        memory: 'mcp',
        api_key: 'admin',
        byok: 'admin',
        oauth_token: 'admin',
        oauth_client: 'admin',
        session: 'admin',
      };
      await use({
        add: (e) =>
          registerUndo({
            surface: surfaceOf[e.kind],
            ...e,
            created_by: `${testInfo.project.name}.${testInfo.title}`,
          }),
      });
    },
    { box: true },
  ],
});

/** The env the smoke runs with (mode, URLs, optional credentials): for checks that branch on it. */
export { smokeEnv };
