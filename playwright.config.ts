/**
 * The Engram deploy smoke: 13 projects, one per group, in parallel; checks in a file run in order.
 * Local mode (no SMOKE_*_URL): webServer boots the reference service on a fresh database.
 * Remote mode: SMOKE_ADMIN_URL, SMOKE_MCP_URL, SMOKE_ROUTER_URL. See docs/smoke.md.
 */
// First: every process of the run compiles through the on-disk cache.
import './helpers/run/compile-cache.js';
import os from 'node:os';
import path from 'node:path';
import { defineConfig, type PlaywrightTestConfig } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumExecutable } from './helpers/run/browser.js';
import { smokeEnv } from './helpers/run/env.js';
import { READY_LINE, useLocalFakeProvider } from './helpers/run/fake-provider-env.js';
import { isListMode } from './helpers/report/list-mode.js';
import { paths, ROOT } from './helpers/run/paths.js';
import { STANDARDS_GROUPS, standardsGlob } from './helpers/profile.js';
import { GROUPS } from './helpers/run/groups.js';
import { FAR_RTT_MS, probeRttSync } from './helpers/run/far-target.js';
import { cliSelection, mcpTie, mcpTieFields, runnerArgs } from './helpers/run/mcp-after-oauth.js';

// Before the env is parsed: a local run without a real key validates against the fake provider.
const fakeProvider = useLocalFakeProvider();
const env = smokeEnv();

// mcp needs the OAuth access token the oauth group proves (the design card: oauth -> mcp), so
// `--project=mcp` runs oauth first. A whole run ties them as setup and teardown instead, so that
// an oauth red holds no mcp check back (helpers/run/mcp-after-oauth.ts). Either way Playwright
// runs mcp in a phase of its own: it starts only when every other group has finished, so the run
// is (the longest of the other groups) + mcp. On 2 local cores the run is CPU-bound, so it ends
// soonest when the longest groups start first (oauth launches Chromium). The report still lists
// groups in GROUPS order (metadata.groupOrder).
const TIE = mcpTieFields(mcpTie(cliSelection(runnerArgs())));
const tieOf = (group: string) => (group === 'oauth' ? TIE.oauth : group === 'mcp' ? TIE.mcp : {});

const SCHEDULE: readonly (typeof GROUPS)[number][] = [
  'oauth',
  'byok',
  'errors',
  'discovery',
  'auth',
  'portal',
  'apikeys',
  'admin',
  'webhooks',
  'public',
  'router',
  'health',
  'mcp',
];

// Remote: the run waits on round trips and at most WORKERS run at once, so the groups whose
// worker waits longest start first (seconds of checks per worker at 300 ms, npm run bench --
// --rtt 300, far layout: apikeys 23 on one worker (12 on two), oauth 21, webhooks 21, auth 21,
// router 18, admin 18, errors 15, ...). Workers spawned first start their checks first (3 s apart
// on 2 cores); listed by SCHEDULE, a late long group ended phase one at 55 s instead of 41.
const REMOTE_SCHEDULE: readonly (typeof GROUPS)[number][] = [
  'webhooks',
  'oauth',
  'auth',
  'apikeys',
  'router',
  'admin',
  'errors',
  'byok',
  'portal',
  'discovery',
  'public',
  'health',
  'mcp',
];

for (const [name, order] of Object.entries({ SCHEDULE, REMOTE_SCHEDULE })) {
  const missing = GROUPS.filter((g) => !order.includes(g));
  if (missing.length || order.length !== GROUPS.length)
    throw new Error(`${name} must list every group once; missing: ${missing.join(', ')}`);
}

// A Playwright worker process serves one project; each costs ~1 s of CPU to start.
// Local: the run is CPU-bound on 2 cores. One worker per group keeps that to 13 starts (files of
// a group run in turn); mcp, alone in the last phase, gets both cores.
// Remote: every group runs at once and the groups with the longest chains of round trips run
// their files side by side. Up to ~150 ms of RTT the run is still CPU-bound on 2 cores and more
// workers only cost starts (100 ms: 44.8 s narrow, 49.4 s wide). A far target is waited on:
// oauth and mcp spread over 5 and 6 workers, check by check (oauth's flow.spec.ts in order), and
// every worker starts at once (300 ms: 72 s wide, 87 s narrow). mcp runs alone, waiting on round
// trips: on 6 workers its phase took 11.3 s, on 4 14.6 s. The config times one round trip to tell
// (helpers/run/far-target.ts); workers load this file too and need no layout, so only the runner
// process asks.
const remote = env.mode === 'remote';
const askRtt = remote && env.profile === 'engram' && !isListMode() && !process.env.TEST_WORKER_INDEX;
const layoutRtt = askRtt ? probeRttSync(`${env.urls.admin}/health`) : null;
const far = layoutRtt !== null && layoutRtt >= FAR_RTT_MS;
const WORKERS_PER_GROUP: Partial<Record<(typeof GROUPS)[number], number>> = far
  ? { oauth: 5, mcp: 6, apikeys: 2, byok: 2, portal: 2, errors: 2 }
  : remote
    ? { oauth: 2, mcp: 2, byok: 2 }
    : { mcp: 2 };
// Groups whose checks are independent of each other (each mints what it uses), spread check by
// check in the far layout; apikeys' 13 checks are one chain of ~60 round trips otherwise.
const FAR_CHECK_BY_CHECK: readonly (typeof GROUPS)[number][] = ['oauth', 'mcp', 'apikeys'];
const workersOf = (g: (typeof GROUPS)[number]) => WORKERS_PER_GROUP[g] ?? 1;
const allWorkers = GROUPS.reduce((n, g) => n + workersOf(g), 0);
// How many at once: starting a worker is CPU, so near targets start at most ~4 per core at once
// (16 at once on 2 cores: the first check only after 9 s).
const WORKERS = env.workers ?? (far ? allWorkers : remote ? Math.min(allWorkers, 4 * os.cpus().length) : 3);
const CEILING_MS = env.ceilingS * 1000;

const webServer: PlaywrightTestConfig['webServer'] =
  env.mode === 'local' && env.profile === 'engram'
    ? {
        // node --import tsx: same as `npx tsx`, ~0.6 s faster to start. The runner's own Node,
        // not whichever `node` is on PATH: the service runs on the runtime the smoke runs on.
        command: `"${process.execPath}" --import tsx scripts/serve-fresh.ts`,
        cwd: ROOT,
        // Also captures the fake provider's URL (SMOKE_FAKE_PROVIDER_URL) when serve-fresh starts one.
        wait: { stdout: READY_LINE },
        reuseExistingServer: false,
        timeout: 30_000,
        stdout: 'ignore',
        stderr: 'pipe',
        gracefulShutdown: { signal: 'SIGTERM', timeout: 3_000 },
        // The service gets exactly the admin/webhook values the smoke will use.
        env: {
          ADMIN_PORT: String(env.ports.admin),
          MCP_PORT: String(env.ports.mcp),
          ROUTER_PORT: String(env.ports.router),
          ADMIN_EMAIL: env.adminEmail ?? '',
          ADMIN_PASSWORD: env.adminPassword ?? '',
          STRIPE_WEBHOOK_SECRET: env.webhookSecret ?? '',
          SMOKE_DB: env.db,
          SMOKE_FAKE_PROVIDER_KEY: fakeProvider ? (process.env.SMOKE_BYOK_KEY ?? '') : '',
        },
      }
    : undefined;

export default defineConfig({
  // Absolute paths: spec/smoke/failing/playwright.config.ts re-exports this config from another directory.
  testDir: path.join(ROOT, 'tests'),
  outputDir: paths.testResults,
  fullyParallel: false,
  // SMOKE_WORKERS overrides it (see WORKERS_PER_GROUP).
  workers: WORKERS,
  retries: 0,
  // Scaled by SMOKE_CEILING_S; each check adds the measured RTT's share (helpers/run/timeouts.ts).
  timeout: CEILING_MS / 6,
  expect: { timeout: 5_000 },
  globalTimeout: CEILING_MS,
  globalSetup: path.join(ROOT, 'global-setup.ts'),
  globalTeardown: path.join(ROOT, 'global-teardown.ts'),
  reporter: [
    // First: cleans up when the global timeout skipped global teardown (no-op otherwise).
    [path.join(ROOT, 'helpers/report/teardown-fallback-reporter.ts')],
    [path.join(ROOT, 'helpers/report/line-reporter.ts')],
    [path.join(ROOT, 'helpers/report/results-json-reporter.ts')],
    // Annotations and the job summary under GitHub Actions; no-op elsewhere.
    [path.join(ROOT, 'helpers/report/github-reporter.ts')],
    // Appends the run to reports/history.jsonl (npm run report:history charts it).
    [path.join(ROOT, 'helpers/report/history-reporter.ts')],
    // A listing (--list) writes nothing: the last run's reports stay as they were.
    ...(isListMode()
      ? []
      : ([
          ['html', { open: 'never', outputFolder: paths.html }],
          ['junit', { outputFile: paths.junit }],
          ['allure-playwright', { resultsDir: paths.allure }],
        ] as const)),
    // LAST: its onExit rewrites what every reporter above wrote.
    [path.join(ROOT, 'helpers/redact/redact-reporter.ts')],
  ],
  use: {
    baseURL: env.urls.admin,
    trace: 'retain-on-failure',
    screenshot: 'off',
    video: 'off',
    actionTimeout: 5_000,
    navigationTimeout: 10_000,
    launchOptions: { executablePath: chromiumExecutable(env.chromiumPath), args: CHROMIUM_ARGS },
  },
  metadata: {
    groupOrder: env.profile === 'mcp' ? STANDARDS_GROUPS : GROUPS,
    profile: env.profile,
    allGroups: GROUPS,
    // The header names it: near or far, and the round trip measured (remote engram runs only).
    layout: layoutRtt === null ? undefined : `${far ? 'far' : 'near'} target (${layoutRtt} ms)`,
  },
  // The mcp profile (helpers/profile.ts): only the standards/ checks of four groups; the engram
  // profile runs them too, beside Engram's own.
  projects:
    env.profile === 'mcp'
      ? STANDARDS_GROUPS.map((group) => ({
          name: group,
          testDir: path.join(ROOT, 'tests', group),
          testMatch: standardsGlob,
          workers: 1,
          ...tieOf(group),
        }))
      : (remote ? REMOTE_SCHEDULE : SCHEDULE).map((group) => ({
          name: group,
          testDir: path.join(ROOT, 'tests', group),
          workers: workersOf(group),
          fullyParallel: far && FAR_CHECK_BY_CHECK.includes(group),
          ...tieOf(group),
        })),
  webServer,
});
