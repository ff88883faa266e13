/** Where the smoke writes things. SMOKE_ARTIFACTS_DIR moves every artifact (used by the secret scan). */
import path from 'node:path';

// helpers/ is CommonJS (no "type" in the root package.json): Playwright workers then load it
// through require hooks instead of an ESM loader thread each.
export const ROOT = path.resolve(__dirname, '..', '..');

const base = process.env.SMOKE_ARTIFACTS_DIR ? path.resolve(process.env.SMOKE_ARTIFACTS_DIR) : ROOT;
const reports = path.join(base, 'reports');
const runDir = path.join(reports, '.run');

export const paths = {
  reports,
  html: path.join(base, 'playwright-report'),
  testResults: path.join(base, 'test-results'),
  junit: path.join(reports, 'junit.xml'),
  allure: path.join(reports, 'allure-results'),
  resultsJson: path.join(reports, 'smoke-results.json'),
  /** One line per run, appended (helpers/report/history-reporter.ts); `npm run report:history` charts it. */
  history: path.join(reports, 'history.jsonl'),
  historyHtml: path.join(reports, 'history.html'),
  /** Built by `npm run report:allure` from already-redacted results. */
  allureReport: path.join(reports, 'allure-report'),
  /** Per-run scratch shared by the main process and workers; holds secrets, deleted at exit. */
  runDir,
  state: path.join(runDir, 'state.json'),
  ledger: path.join(runDir, 'ledger.jsonl'),
  secrets: path.join(runDir, 'secrets.jsonl'),
  teardownDone: path.join(runDir, 'teardown.done'),
} as const;

/** Every directory the redactor rewrites. */
export const artifactDirs = (): string[] => [paths.reports, paths.html, paths.testResults];
