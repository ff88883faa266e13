// A red MCP check is debuggable: with a catalogued fault applied (store_memory("") accepted),
// `npm run smoke -- mcp.store.empty.rejected` runs exactly that check plus the oauth group it
// depends on, and then
// - the check's trace zip holds its JSON-RPC exchanges as steps, request and response attached,
//   credentials masked;
// - its HTML report entry carries the same steps, and its error location is the line in tests/;
// - under GitHub Actions it is annotated on that line and listed in the job summary;
// - no artifact holds a secret.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { unzipSync } from 'fflate';
import { walkFiles } from '../../helpers/redact/redact-files.js';
import { findLeaks, mask } from '../../helpers/redact/redact.js';
import { ROOT } from '../../helpers/run/paths.js';
import { applyPatch, prepareBase, scratchCopy } from '../../faults/scratch.js';
import { artifactTexts } from '../lib/artifact-texts.js';
import { knownSecretsEnv } from '../lib/scan-env.js';
import { runSmokeScript } from '../lib/smoke-process.js';

const CHECK = 'mcp.store.empty.rejected';
const FAULT = path.join(ROOT, 'faults/patches/16-empty-store-accepted.patch');

interface TraceEvent {
  type: string;
  callId?: string;
  title?: string;
  attachments?: Array<{ name: string; file?: string; sha1?: string }>;
  stack?: Array<{ file: string; line: number }>;
}

interface ReportStep {
  title: string;
  steps: ReportStep[];
  attachments?: number[];
  location?: { file: string; line: number };
}

test(
  'a red MCP check shows its exchanges and its line, and leaks nothing',
  { timeout: 180_000 },
  async () => {
    const work = path.join(ROOT, '.faults', `debuggable-${process.pid}`);
    const art = fs.mkdtempSync(path.join(os.tmpdir(), 'engram-debuggable-'));
    const keep = path.join(os.tmpdir(), `engram-debuggable-${randomBytes(4).toString('hex')}.json`);
    const summary = path.join(art, 'step-summary.md');
    try {
      const dir = scratchCopy(prepareBase(ROOT, work), path.join(work, 'run'));
      const applied = applyPatch(dir, FAULT);
      assert.ok(applied.ok, `fault patch does not apply: ${applied.ok ? '' : applied.error}`);

      const { known, env } = await knownSecretsEnv('dbg', {
        SMOKE_ARTIFACTS_DIR: art,
        SMOKE_KEEP_SECRETS_FOR_SCAN: keep,
        GITHUB_ACTIONS: 'true',
        GITHUB_STEP_SUMMARY: summary,
        FORCE_COLOR: '0',
      });
      const { code, out } = await runSmokeScript(dir, [CHECK], env);

      // The fault made exactly the check red, and the name selected it plus its dependency.
      assert.equal(code, 1, out);
      assert.match(out, new RegExp(`\\[err\\] +${CHECK.replace(/\./g, '\\.')} `), out);
      const results = JSON.parse(fs.readFileSync(path.join(art, 'reports/smoke-results.json'), 'utf8')) as {
        checks: Array<{ group: string; name: string; outcome: string }>;
      };
      const ran = results.checks.map((c) => `${c.group}.${c.name}`);
      assert.deepEqual(
        ran.filter((n) => !n.startsWith('oauth.')),
        [CHECK],
        'the name selected another mcp check',
      );
      assert.ok(
        ran.filter((n) => n.startsWith('oauth.')).length >= 10,
        'the oauth group (a dependency of mcp) did not run',
      );
      assert.deepEqual(
        results.checks.filter((c) => c.outcome === 'err').map((c) => `${c.group}.${c.name}`),
        [CHECK],
      );

      // The trace: one step per JSON-RPC exchange, its request and response attached, masked.
      const traces = [...walkFiles(path.join(art, 'test-results'))].filter(
        (f) => f.includes('store-empty-rejected') && f.endsWith('trace.zip'),
      );
      assert.equal(traces.length, 1, 'no trace retained for the failing check');
      const zip = unzipSync(fs.readFileSync(traces[0]!));
      const events = Object.entries(zip)
        .filter(([n]) => n.endsWith('.trace'))
        .flatMap(([, d]) =>
          Buffer.from(d)
            .toString('utf8')
            .split('\n')
            .filter(Boolean)
            .map((l) => JSON.parse(l) as TraceEvent),
        );
      const steps = events.filter((e) => e.type === 'before' && / · POST \/mcp$/.test(e.title ?? ''));
      const titles = steps.map((s) => s.title!);
      for (const want of [
        'initialize · POST /mcp',
        'tools/call store_memory · POST /mcp',
        'tools/call list_buckets · POST /mcp',
      ])
        assert.ok(titles.includes(want), `trace steps lack "${want}": ${titles.join(' | ')}`);
      const store = steps.find((s) => s.title === 'tools/call store_memory · POST /mcp')!;
      const after = events.find((e) => e.type === 'after' && e.callId === store.callId);
      const files = (after?.attachments ?? []).map((a) => ({
        name: a.name,
        text: Buffer.from(zip[a.file ?? ''] ?? zip[`resources/${a.sha1}`] ?? new Uint8Array()).toString(
          'utf8',
        ),
      }));
      assert.deepEqual(
        files.map((f) => f.name.replace(/ · \d+ ms$/, '')),
        ['tools/call store_memory · POST /mcp → 200 application/json'],
        'store_memory step attachment',
      );
      const [request, response] = files[0]!.text.split(`\n\n${'-'.repeat(40)}\n\n`);
      assert.match(request!, /"method": "tools\/call"[\s\S]*"name": "store_memory"[\s\S]*"content": ""/);
      assert.match(
        request!,
        /^authorization: Bearer egk_…\(\d+ chars\)$/m,
        'the bearer is masked, its kind shown',
      );
      assert.match(response!, /^200 OK in \d+ ms$/m);
      assert.match(response!, /"memory_id"/, 'the response shows the memory the faulty service stored');
      assert.ok(
        store.stack?.[0]?.file.endsWith(path.join('tests', 'mcp', 'memories.spec.ts')),
        `the step points at ${JSON.stringify(store.stack?.[0])}`,
      );

      // The HTML report: the error's location and code frame are the check's line in tests/.
      const html = fs.readFileSync(path.join(art, 'playwright-report/index.html'), 'utf8');
      const embedded = /data:application\/zip;base64,([A-Za-z0-9+/=]+)/.exec(html);
      assert.ok(embedded, 'no report data in index.html');
      const report = unzipSync(Buffer.from(embedded[1]!, 'base64'));
      const testJson = Object.values(report)
        .map(
          (d) =>
            JSON.parse(Buffer.from(d).toString('utf8')) as {
              tests?: Array<{
                title: string;
                results: Array<{
                  errors: Array<{ message: string; codeframe?: string }>;
                  steps: ReportStep[];
                }>;
              }>;
            },
        )
        .flatMap((f) => f.tests ?? [])
        .find((t) => t.title === 'store.empty.rejected');
      assert.ok(testJson, 'the check is not in the HTML report');
      const error = testJson.results[0]!.errors[0]!;
      // The line of the check.that( call whose message this is (prettier may wrap its arguments).
      const source = fs.readFileSync(path.join(ROOT, 'tests/mcp/memories.spec.ts'), 'utf8').split('\n');
      let at = source.findIndex((l) => l.includes('store_memory("") accepted'));
      while (at > 0 && !source[at]!.includes('check.that(')) at--;
      const line = at + 1;
      const where = `${error.message}\n${error.codeframe ?? ''}`;
      assert.match(
        where,
        new RegExp(`tests/mcp/memories\\.spec\\.ts:${line}\\b|> ${line} \\|`),
        `the error points elsewhere:\n${where}`,
      );
      assert.doesNotMatch(where, /helpers\/check\.ts/, 'the code frame shows the helper');
      const flat = (s: ReportStep[]): ReportStep[] => s.flatMap((x) => [x, ...flat(x.steps ?? [])]);
      assert.ok(
        flat(testJson.results[0]!.steps).some((s) => s.title === 'tools/call store_memory · POST /mcp'),
        'the HTML report lacks the exchange steps',
      );

      // GitHub Actions: the annotation on the failing line, the job summary with the check.
      assert.match(
        out,
        new RegExp(
          `^::error file=tests/mcp/memories\\.spec\\.ts,line=${line},title=${CHECK.replace(/\./g, '\\.')} \\(200\\)::`,
          'm',
        ),
        out,
      );
      assert.match(
        fs.readFileSync(summary, 'utf8'),
        new RegExp(`\\| \`${CHECK.replace(/\./g, '\\.')}\` \\| \`tests/mcp/memories\\.spec\\.ts:${line}\``),
      );

      // The secret scan: nothing the run knew survives anywhere.
      const registered = JSON.parse(fs.readFileSync(keep, 'utf8')) as string[];
      assert.ok(
        registered.some((s) => s.startsWith('egk_')),
        'the registry holds no API key',
      );
      const secrets = [...new Set([...Object.values(known), ...registered])];
      const leaks = findLeaks(out, secrets).map((l) => `stdout: ${l}`);
      for (const file of walkFiles(art))
        for (const [name, text] of artifactTexts(path.relative(art, file), fs.readFileSync(file)))
          for (const l of findLeaks(text, secrets)) leaks.push(`${name}: ${l}`);
      assert.deepEqual(leaks, [], `secrets: ${secrets.map(mask).join(', ')}`);
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
      fs.rmSync(art, { recursive: true, force: true });
      fs.rmSync(keep, { force: true });
    }
  },
);
