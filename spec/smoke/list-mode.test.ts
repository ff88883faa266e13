// `--list` runs nothing and writes nothing: the last run's reports stay byte for byte.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { walkFiles } from '../../helpers/redact/redact-files.js';
import { ROOT } from '../../helpers/run/paths.js';

const snapshot = (dir: string): Record<string, string> =>
  Object.fromEntries(
    [...walkFiles(dir)].map((f) => [
      path.relative(dir, f),
      createHash('sha256').update(fs.readFileSync(f)).digest('hex'),
    ]),
  );

test(
  '--list (plain Playwright and npm run smoke) leaves reports/ and playwright-report/ as they were',
  { timeout: 60_000 },
  () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'engram-list-'));
    try {
      // The last real run's artifacts, as a listing would find them.
      const seed: Record<string, string> = {
        'reports/smoke-results.json': '{"run":{"status":"failed"},"checks":[]}\n',
        'reports/junit.xml': '<testsuites failures="1"/>\n',
        'reports/history.jsonl': '{"at":"2026-01-01T00:00:00.000Z"}\n',
        'reports/allure-results/x-result.json': '{}',
        'playwright-report/index.html': '<html>last run</html>',
      };
      for (const [f, body] of Object.entries(seed)) {
        fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
        fs.writeFileSync(path.join(dir, f), body);
      }
      const before = snapshot(dir);
      const env = { ...process.env, SMOKE_ARTIFACTS_DIR: dir, FORCE_COLOR: '0' };
      const runs = [
        spawnSync(
          process.execPath,
          [path.join(ROOT, 'node_modules/@playwright/test/cli.js'), 'test', '--list'],
          { cwd: ROOT, env, encoding: 'utf8' },
        ),
        spawnSync(process.execPath, ['--import', 'tsx', 'scripts/smoke.ts', '--list', 'mcp'], {
          cwd: ROOT,
          env,
          encoding: 'utf8',
        }),
      ];
      const [all, mcp] = runs.map((r) => `${r.stdout}${r.stderr}`);
      assert.equal(runs[0]!.status, 0, all);
      assert.match(
        all!,
        /^mcp\.query\.marker\.present +tests\/mcp\/memories\.spec\.ts:\d+/m,
        'checks are listed by the name that runs them',
      );
      assert.match(all!, /\d+ checks in 13 groups \(listed, nothing run/);
      // The engram profile runs the standards checks too (#18): the same check the mcp profile runs.
      assert.match(
        all!,
        /^oauth\.authorize\.browser\.code_with_state +tests\/oauth\/standards\/flow\.spec\.ts:\d+/m,
        'the standards checks are part of the engram profile',
      );
      assert.doesNotMatch(all!, /never started|GREEN|redact:|teardown/, 'a listing reports no run');
      assert.equal(runs[1]!.status, 0, mcp);
      assert.match(mcp!, /^mcp\.query\.marker\.present/m);
      assert.match(mcp!, /checks in 2 groups/, 'mcp and the oauth group it depends on');
      assert.deepEqual(snapshot(dir), before);
      assert.ok(
        !fs.existsSync(path.join(dir, 'test-results')) ||
          [...walkFiles(path.join(dir, 'test-results'))].length === 0,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
);
