/**
 * The Engram deploy smoke: 13 projects, one per group, in parallel; checks in a file run in order.
 * Local mode (no SMOKE_*_URL): webServer boots the reference service on a fresh database.
 * Remote mode: SMOKE_ADMIN_URL, SMOKE_MCP_URL, SMOKE_ROUTER_URL. See docs/smoke.md.
 */
import path from 'node:path';
import { defineConfig, type PlaywrightTestConfig } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumExecutable } from './helpers/browser.js';
import { smokeEnv } from './helpers/env.js';
import { isListMode } from './helpers/list-mode.js';
import { paths, ROOT } from './helpers/paths.js';

const env = smokeEnv();

export const GROUPS = ['health', 'public', 'discovery', 'auth', 'apikeys', 'byok', 'portal', 'router', 'oauth', 'mcp', 'admin', 'webhooks', 'errors'] as const;

/** mcp needs the OAuth access token the oauth group proves. */
const DEPENDENCIES: Partial<Record<(typeof GROUPS)[number], string[]>> = { mcp: ['oauth'] };

// Playwright runs mcp in a second phase, after every other group. The first phase is CPU-bound
// on 2 cores, so it ends soonest when the longest groups start first (oauth launches Chromium).
// The report still lists groups in GROUPS order (metadata.groupOrder).
const SCHEDULE: readonly (typeof GROUPS)[number][] = [
  'oauth', 'byok', 'errors', 'discovery', 'auth', 'portal', 'apikeys', 'admin', 'webhooks', 'public', 'router', 'health', 'mcp',
];

const unscheduled = GROUPS.filter((g) => !SCHEDULE.includes(g));
if (unscheduled.length || SCHEDULE.length !== GROUPS.length) throw new Error(`SCHEDULE must list every group once; missing: ${unscheduled.join(', ')}`);

// A Playwright worker process serves one project; each costs ~1 s of CPU to start. One worker
// per group keeps that to 13 starts (files of a group run in turn), except mcp, which runs
// alone in the last phase where spare cores would otherwise idle.
const WORKERS_PER_GROUP: Partial<Record<(typeof GROUPS)[number], number>> = { mcp: 2 };

const webServer: PlaywrightTestConfig['webServer'] =
  env.mode === 'local'
    ? {
        // node --import tsx: same as `npx tsx`, ~0.6 s faster to start.
        command: 'node --import tsx scripts/serve-fresh.ts',
        cwd: ROOT,
        wait: { stdout: /engram ready admin=\S+ mcp=\S+ router=\S+/ },
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
        },
      }
    : undefined;

export default defineConfig({
  // Absolute paths: spec/smoke/failing/playwright.config.ts re-exports this config from another directory.
  testDir: path.join(ROOT, 'tests'),
  outputDir: paths.testResults,
  fullyParallel: false,
  // On 2 cores the run is CPU-bound (workers, service, browser): 3 workers measured fastest
  // (39 s vs 45 s with 6, 80 s vs 68 s of CPU). SMOKE_WORKERS overrides it.
  workers: env.workers ?? 3,
  retries: 0,
  timeout: 10_000,
  expect: { timeout: 5_000 },
  globalTimeout: 60_000,
  globalSetup: path.join(ROOT, 'global-setup.ts'),
  globalTeardown: path.join(ROOT, 'global-teardown.ts'),
  reporter: [
    // First: cleans up when the global timeout skipped global teardown (no-op otherwise).
    [path.join(ROOT, 'helpers/teardown-fallback-reporter.ts')],
    [path.join(ROOT, 'helpers/line-reporter.ts')],
    [path.join(ROOT, 'helpers/results-json-reporter.ts')],
    // Annotations and the job summary under GitHub Actions; no-op elsewhere.
    [path.join(ROOT, 'helpers/github-reporter.ts')],
    // Appends the run to reports/history.jsonl (npm run report:history charts it).
    [path.join(ROOT, 'helpers/history-reporter.ts')],
    // A listing (--list) writes nothing: the last run's reports stay as they were.
    ...(isListMode()
      ? []
      : ([
          ['html', { open: 'never', outputFolder: paths.html }],
          ['junit', { outputFile: paths.junit }],
          ['allure-playwright', { resultsDir: paths.allure }],
        ] as const)),
    // LAST: its onExit rewrites what every reporter above wrote.
    [path.join(ROOT, 'helpers/redact-reporter.ts')],
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
  metadata: { groupOrder: GROUPS },
  projects: SCHEDULE.map((group) => ({
    name: group,
    testDir: path.join(ROOT, 'tests', group),
    dependencies: DEPENDENCIES[group] ?? [],
    workers: WORKERS_PER_GROUP[group] ?? 1,
  })),
  webServer,
});
