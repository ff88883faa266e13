// No red hides another surface: with a catalogued oauth fault applied that leaves token minting
// intact (an authorization code redeemable twice), the oauth group goes red, and yet every mcp
// check runs and reports its true outcome, in every output a user reads: the line stream, the
// results JSON, JUnit and the HTML report. (Playwright would skip the whole mcp project behind
// any oauth red if mcp were a plain dependency: microsoft/playwright#26854.)
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { unzipSync } from 'fflate';
import { ROOT } from '../../helpers/run/paths.js';
import { applyPatch, prepareBase, scratchCopy } from '../../faults/scratch.js';
import { runSmokeScript } from '../lib/smoke-process.js';

const FAULT = path.join(ROOT, 'faults/patches/20-reusable-auth-code.patch');
const RED = 'oauth.token.reused_code.invalid_grant';

interface ReportTest {
  title: string;
  projectName: string;
  outcome: string;
  results: Array<{ status: string }>;
}

test('an oauth red that leaves a token holds no mcp check back', { timeout: 180_000 }, async () => {
  const work = path.join(ROOT, '.faults', `no-red-hides-${process.pid}`);
  const art = fs.mkdtempSync(path.join(os.tmpdir(), 'engram-no-red-hides-'));
  try {
    const dir = scratchCopy(prepareBase(ROOT, work), path.join(work, 'run'));
    const applied = applyPatch(dir, FAULT);
    assert.ok(applied.ok, `fault patch does not apply: ${applied.ok ? '' : applied.error}`);
    const env: NodeJS.ProcessEnv = { ...process.env, SMOKE_ARTIFACTS_DIR: art, FORCE_COLOR: '0', CI: '1' };
    for (const k of ['SMOKE_ADMIN_URL', 'SMOKE_MCP_URL', 'SMOKE_ROUTER_URL', 'SMOKE_PROFILE']) delete env[k];
    // The README's way to run one group with what it needs: `npm run smoke -- mcp`.
    const { code, out } = await runSmokeScript(dir, ['mcp'], env);
    assert.equal(code, 1, out.slice(-3000));

    // The results JSON: the fault's check is red, and every mcp check has a result of its own.
    const results = JSON.parse(fs.readFileSync(path.join(art, 'reports/smoke-results.json'), 'utf8')) as {
      checks: Array<{ group: string; name: string; outcome: string; detail: string }>;
    };
    const errs = results.checks.filter((c) => c.outcome === 'err').map((c) => `${c.group}.${c.name}`);
    assert.ok(errs.includes(RED), `the fault's check is not red: ${errs.join(' ')}`);
    assert.ok(
      errs.every((c) => c.startsWith('oauth.')),
      `a red outside oauth: ${errs.join(' ')}`,
    );
    const mcp = results.checks.filter((c) => c.group === 'mcp');
    assert.ok(mcp.length >= 40, `${mcp.length} mcp checks in the results`);
    const notOk = mcp.filter((c) => c.outcome !== 'ok').map((c) => `${c.name}: ${c.detail}`);
    assert.deepEqual(notOk, [], 'mcp checks without their true (green) outcome');

    // The line stream: one [ok ] line per mcp check, none "not run".
    for (const c of mcp)
      assert.match(out, new RegExp(`^\\[ok \\] +mcp\\.${c.name.replace(/\./g, '\\.')} `, 'm'), c.name);
    assert.doesNotMatch(out, /not run: depends on/, 'a check was held back');

    // JUnit: every mcp test case is there, none skipped.
    const junit = fs.readFileSync(path.join(art, 'reports/junit.xml'), 'utf8');
    const cases = [
      ...junit.matchAll(
        /<testcase name="([^"]+)"[^>]*classname="([^"]*)"[^>]*?(\/>|>([\s\S]*?)<\/testcase>)/g,
      ),
    ];
    const mcpCases = cases.filter((m) => /(^|[\\/])mcp[\\/]/.test(m[2]!));
    assert.equal(mcpCases.length, mcp.length, 'mcp test cases in JUnit');
    assert.deepEqual(
      mcpCases.filter((m) => /<skipped|<failure/.test(m[4] ?? '')).map((m) => m[1]),
      [],
      'mcp test cases skipped or failed in JUnit',
    );

    // The HTML report: every mcp test ran once and passed.
    const html = fs.readFileSync(path.join(art, 'playwright-report/index.html'), 'utf8');
    const embedded = /data:application\/zip;base64,([A-Za-z0-9+/=]+)/.exec(html);
    assert.ok(embedded, 'no report data in index.html');
    const tests = Object.entries(unzipSync(Buffer.from(embedded[1]!, 'base64')))
      .filter(([name]) => name.endsWith('.json') && name !== 'report.json')
      .flatMap(
        ([, d]) => (JSON.parse(Buffer.from(d).toString('utf8')) as { tests?: ReportTest[] }).tests ?? [],
      )
      .filter((t) => t.projectName === 'mcp');
    assert.equal(tests.length, mcp.length, 'mcp tests in the HTML report');
    assert.deepEqual(
      tests
        .filter((t) => t.outcome !== 'expected' || t.results.length !== 1)
        .map((t) => `${t.title}: ${t.outcome}`),
      [],
      'mcp tests in the HTML report without one passing result',
    );
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
    fs.rmSync(art, { recursive: true, force: true });
  }
});
