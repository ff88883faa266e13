// Runs the smoke (health, auth, apikeys, oauth + one deliberately failing check) against a
// fresh local service with known secret values, then scans every artifact, zips and the HTML
// report's embedded data included, for any of them and for every token the run registered.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { walkFiles } from '../../helpers/redact/redact-files.js';
import { findLeaks, mask } from '../../helpers/redact/redact.js';
import { ROOT } from '../../helpers/run/paths.js';
import { artifactTexts as texts } from '../lib/artifact-texts.js';
import { knownSecretsEnv } from '../lib/scan-env.js';

test('no secret survives in stdout or any artifact', { timeout: 120_000 }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'engram-secret-scan-'));
  const keep = path.join(os.tmpdir(), `engram-secret-scan-${randomBytes(4).toString('hex')}.json`);
  const { known, env } = await knownSecretsEnv('scan', {
    SMOKE_ARTIFACTS_DIR: dir,
    SMOKE_KEEP_SECRETS_FOR_SCAN: keep,
  });
  const args = ['playwright', 'test', '-c', 'spec/smoke/failing/playwright.config.ts'];
  for (const p of ['health', 'auth', 'apikeys', 'oauth', 'failing']) args.push(`--project=${p}`);
  const child = spawn('npx', args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));

  try {
    // The run really happened and really failed where intended.
    assert.equal(code, 1, `smoke exit code ${code}, want 1 (one deliberate err)\n${output}`);
    assert.match(output, /\[err\] +failing\.leak\.sends_credentials_then_fails/, output);
    assert.ok(fs.existsSync(keep), 'redact reporter kept no copy of the secrets registry');
    const registered: string[] = JSON.parse(fs.readFileSync(keep, 'utf8'));
    assert.ok(
      registered.some((s) => s.startsWith('egk_')),
      'registry holds no API key: provisioning did not run?',
    );
    const secrets = [...new Set([...Object.values(known), ...registered])];
    assert.ok(
      !fs.existsSync(path.join(dir, 'reports/.run')),
      'run dir (state, ledger, registry) not deleted',
    );

    const files = [...walkFiles(dir)];
    const traces = files.filter((f) => f.endsWith('.zip'));
    assert.ok(
      traces.some((f) => f.includes('test-results')),
      'no trace retained for the failing check',
    );
    assert.ok(fs.existsSync(path.join(dir, 'playwright-report/index.html')), 'no HTML report');
    assert.ok(fs.existsSync(path.join(dir, 'reports/junit.xml')), 'no JUnit');
    assert.ok(fs.existsSync(path.join(dir, 'reports/smoke-results.json')), 'no results JSON');

    const leaks: string[] = findLeaks(output, secrets).map((l) => `stdout: ${l}`);
    let scanned = 0;
    let redactedSeen = 0;
    for (const file of files)
      for (const [name, text] of texts(path.relative(dir, file), fs.readFileSync(file))) {
        scanned++;
        if (text.includes('[REDACTED]')) redactedSeen++;
        for (const leak of findLeaks(text, secrets)) leaks.push(`${name}: ${leak}`);
      }
    assert.ok(redactedSeen > 0, 'nothing was redacted anywhere: the scan would be vacuous');
    assert.deepEqual(
      leaks,
      [],
      `${leaks.length} leaks in ${scanned} texts (secrets: ${secrets.map(mask).join(', ')})`,
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(keep, { force: true });
  }
});
