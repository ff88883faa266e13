// Pure output formatting and outcome classification of the line reporter.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { notRunRecord, oneLineError, toRecord, type CheckRecord } from '../../helpers/report/check-record.js';
import {
  formatCheckLine,
  formatSlowest,
  formatSummary,
  notRunReason,
} from '../../helpers/report/line-format.js';
import { findLeaks, redactText } from '../../helpers/redact/redact.js';

const rec = (over: Partial<CheckRecord>): CheckRecord => ({
  group: 'mcp',
  name: 'query.marker_present',
  outcome: 'ok',
  flaky: false,
  status: '200',
  detail: 'marker found in answer (1 hit, 47 chars)',
  duration_ms: 12,
  started_ms: 0,
  ...over,
});

test('ok line: tag, group-prefixed name, status, detail', () => {
  const line = formatCheckLine(rec({}));
  assert.match(
    line,
    /^\[ok \] +mcp\.query\.marker_present +200 +marker found in answer \(1 hit, 47 chars\)$/,
  );
});

test('err, skip and flaky lines are distinct', () => {
  assert.match(formatCheckLine(rec({ outcome: 'err', detail: 'boom' })), /^\[err\] /);
  assert.match(
    formatCheckLine(rec({ outcome: 'skip', status: '-', detail: 'skipped: no admin password' })),
    /^\[skip\] .* - +skipped: no admin password$/,
  );
  assert.match(formatCheckLine(rec({ flaky: true })), /^\[flaky\] .*passed on retry: marker/);
});

test('toRecord: passed uses the annotations', () => {
  const r = toRecord({
    group: 'health',
    name: 'admin.reports_ok',
    status: 'passed',
    retry: 0,
    duration: 12.4,
    annotations: [
      { type: 'smoke.status', description: '200' },
      { type: 'smoke.detail', description: 'admin 0.1.0' },
    ],
  });
  assert.deepEqual(r, {
    group: 'health',
    name: 'admin.reports_ok',
    outcome: 'ok',
    flaky: false,
    status: '200',
    detail: 'admin 0.1.0',
    duration_ms: 12,
    started_ms: 0,
  });
});

test('toRecord: a pass on retry is ok but flaky', () => {
  const r = toRecord({ group: 'g', name: 'n', status: 'passed', retry: 1, duration: 1, annotations: [] });
  assert.equal(r.outcome, 'ok');
  assert.equal(r.flaky, true);
  assert.equal(r.detail, '(no detail recorded)');
});

test('toRecord: skip carries its reason', () => {
  const r = toRecord({
    group: 'admin',
    name: 'stats.recent',
    status: 'skipped',
    retry: 0,
    duration: 0,
    annotations: [{ type: 'skip', description: 'skipped: no admin password' }],
  });
  assert.equal(r.outcome, 'skip');
  assert.equal(r.detail, 'skipped: no admin password');
  const bare = toRecord({
    group: 'a',
    name: 'b',
    status: 'skipped',
    retry: 0,
    duration: 0,
    annotations: [{ type: 'skip', description: 'flag off' }],
  });
  assert.equal(bare.detail, 'skipped: flag off');
});

test('toRecord: failure is one line, status kept, timeouts say so', () => {
  const failed = toRecord({
    group: 'a',
    name: 'b',
    status: 'failed',
    retry: 0,
    duration: 5,
    annotations: [{ type: 'smoke.status', description: '500' }],
    errorMessage: 'CheckFailure: /x: expected 201, got 500 server_error',
  });
  assert.equal(failed.outcome, 'err');
  assert.equal(failed.status, '500');
  assert.equal(failed.detail, '/x: expected 201, got 500 server_error');
  const timed = toRecord({
    group: 'a',
    name: 'b',
    status: 'timedOut',
    retry: 0,
    duration: 10000,
    annotations: [],
    errorMessage: 'Test timeout of 10000ms exceeded.',
    timeoutMs: 10000,
  });
  assert.match(timed.detail, /^timed out after 10000 ms: Test timeout/);
});

test('oneLineError strips ANSI, stack and the call log (it lists headers)', () => {
  const msg =
    '\u001b[31mError: expect(received).toBe(expected)\u001b[39m\n\nExpected: \u001b[32m201\u001b[39m\nReceived: \u001b[31m401\u001b[39m\n\n  Call log:\n    - GET http://127.0.0.1/x\n      - authorization: Bearer egk_abc\n    at /work/x.spec.ts:3:4';
  assert.equal(oneLineError(msg), 'expect(received).toBe(expected) Expected: 201 Received: 401');
  assert.equal(oneLineError(undefined), 'failed (no error message)');
  assert.equal(oneLineError('x'.repeat(500)).length, 240);
});

test('not-run reasons: dependency, global timeout, interrupt', () => {
  assert.equal(
    notRunReason({ runStatus: 'failed', globalTimeoutMs: 60000, failedDependencies: ['oauth'] }),
    'depends on oauth, which failed',
  );
  assert.equal(
    notRunReason({ runStatus: 'timedout', globalTimeoutMs: 60000, failedDependencies: [] }),
    'global timeout 60s hit',
  );
  assert.equal(
    notRunReason({ runStatus: 'interrupted', globalTimeoutMs: 60000, failedDependencies: [] }),
    'run interrupted',
  );
  const line = formatCheckLine(notRunRecord('mcp', 'tools.list', 'depends on oauth, which failed'));
  assert.match(line, /^\[skip\] +mcp\.tools\.list +- +not run: depends on oauth, which failed$/);
});

test('summary: counts per group in config order, slowest, verdict', () => {
  const records = [
    rec({ group: 'oauth', name: 'a', duration_ms: 300 }),
    rec({ group: 'health', name: 'b', duration_ms: 5 }),
    rec({ group: 'oauth', name: 'c', outcome: 'err', duration_ms: 50 }),
    rec({ group: 'mcp', name: 'd', outcome: 'skip', duration_ms: 0 }),
  ];
  const lines = formatSummary(records, 4321, ['health', 'oauth', 'mcp']);
  const text = lines.join('\n');
  assert.match(text, /health +1 +0 +0\noauth +1 +1 +0\nmcp +0 +0 +1\ntotal +2 +1 +1/);
  assert.match(text, /RED: 1 check err · 4 checks in 4\.3s/);
  assert.deepEqual(
    formatSlowest(records, 2).map((l) => l.trim()),
    ['300 ms  oauth.a', '50 ms  oauth.c'],
  );
  assert.match(formatSummary([rec({})], 1000).join('\n'), /GREEN: no check err/);
});

test('redactText: known secrets in raw, JSON-escaped and URL-encoded forms, plus credential shapes', () => {
  const pw = 'p@ss "word"/x+y';
  const out = redactText(`a ${pw} b ${JSON.stringify(pw)} c ${encodeURIComponent(pw)} d`, [pw]);
  assert.equal(findLeaks(out, [pw]).length, 0, out);
  const shapes =
    'authorization: Bearer abcdefghijkl egk_0123456789abcdefABCDEF ega_x1234567890 whsec_abcdefgh eyJhbGciOiJIUzI1.eyJzdWIiOiIx.c2lnbmF0dXJlX3g';
  assert.deepEqual(findLeaks(redactText(shapes, []), []), []);
  // A WWW-Authenticate challenge is not a credential.
  const challenge =
    'www-authenticate: Bearer resource_metadata="http://127.0.0.1:4101/.well-known/x", error="invalid_token"';
  assert.equal(redactText(challenge, []), challenge);
});

test('a run interrupted, or failed outside the checks, is never called green', () => {
  // A web server that never started (or a global setup that threw) fails the run with no check err.
  assert.match(formatSummary([], 7000, [], 'failed').at(-1)!, /^RED: the run failed outside the checks/);
  assert.match(formatSummary([], 7000, [], 'passed').at(-1)!, /^RED: no check ran/);
  const lines = formatSummary(
    [rec({ outcome: 'skip', detail: 'not run: run interrupted' })],
    1000,
    ['mcp'],
    'interrupted',
  );
  assert.match(lines.at(-1)!, /^INTERRUPTED: 1 check not run or skipped/);
  assert.doesNotMatch(lines.join('\n'), /GREEN/);
});
