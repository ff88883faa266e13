// The run history: one record per run, and the report that charts it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CheckRecord } from '../../helpers/report/check-record.js';
import { historyRecord, parseHistory, type HistoryRecord } from '../../helpers/report/history.js';
import { historyHtml, latencyGrowth } from '../../scripts/lib/history-html.js';

const rec = (over: Partial<CheckRecord>): CheckRecord => ({
  group: 'mcp',
  name: 'query.marker.present',
  outcome: 'ok',
  flaky: false,
  status: '200',
  detail: 'd',
  duration_ms: 100,
  started_ms: 1_000,
  ...over,
});

const run = (i: number, checks: Record<string, number>, err = 0): HistoryRecord => ({
  at: new Date(Date.UTC(2026, 11, 1, 7, i)).toISOString(),
  target: 'http://127.0.0.1:4100',
  flavor: 'sqlite',
  status: err ? 'failed' : 'passed',
  wall_ms: 20_000 + i * 100,
  counts: { ok: 3, err, skip: 0 },
  groups: { mcp: { ms: 5_000, ok: 2, err, skip: 0 }, oauth: { ms: 8_000, ok: 1, err: 0, skip: 0 } },
  checks,
});

test('a record holds time, target, flavor, counts, per-group durations and each check that ran', () => {
  const r = historyRecord({
    records: [
      rec({}),
      rec({ name: 'b', outcome: 'err', started_ms: 1_050, duration_ms: 200 }),
      rec({ group: 'admin', name: 'c', outcome: 'skip', started_ms: 0, duration_ms: 0 }),
    ],
    startedAt: new Date('2026-12-01T07:00:00Z'),
    wallMs: 12_345.6,
    status: 'failed',
    target: 'http://t',
    flavor: 'postgres',
    groupOrder: ['admin', 'mcp'],
  });
  assert.deepEqual(r, {
    at: '2026-12-01T07:00:00.000Z',
    target: 'http://t',
    flavor: 'postgres',
    status: 'failed',
    wall_ms: 12346,
    counts: { ok: 1, err: 1, skip: 1 },
    groups: { admin: { ms: 0, ok: 0, err: 0, skip: 1 }, mcp: { ms: 250, ok: 1, err: 1, skip: 0 } },
    checks: { 'mcp.query.marker.present': 100, 'mcp.b': 200 },
  });
  assert.deepEqual(parseHistory(`${JSON.stringify(r)}\n{"torn":\nnot json\n`), [r]);
});

test('latency growth: medians of recent runs against the runs before, noise ignored', () => {
  const runs = [
    run(0, { 'mcp.a': 100, 'mcp.b': 100, 'mcp.c': 10 }),
    run(1, { 'mcp.a': 110, 'mcp.b': 400, 'mcp.c': 12 }), // one noisy b
    run(2, { 'mcp.a': 90, 'mcp.b': 100, 'mcp.c': 11 }),
    run(3, { 'mcp.a': 400, 'mcp.b': 105, 'mcp.c': 40 }), // a regressed; c 4x but only +30 ms
    run(4, { 'mcp.a': 420, 'mcp.b': 100, 'mcp.c': 40 }),
    run(5, { 'mcp.a': 390, 'mcp.b': 110, 'mcp.c': 40, 'mcp.new': 900 }),
  ];
  assert.deepEqual(latencyGrowth(runs), [{ name: 'mcp.a', before_ms: 100, now_ms: 400, ratio: 4 }]);
  assert.deepEqual(latencyGrowth(runs.slice(0, 1)), []);
});

test('the HTML is self-contained: inline SVG charts, the grown checks, no external assets', () => {
  const html = historyHtml(
    [run(0, { 'mcp.a': 100 }), run(1, { 'mcp.a': 100 }), run(2, { 'mcp.a': 600 }, 1)],
    { generatedAt: 'now' },
  );
  assert.equal((html.match(/<svg /g) ?? []).length, 2);
  assert.match(html, /Wall time per run/);
  assert.match(html, /<text[^>]*class="leg">oauth<\/text>/);
  assert.match(html, /<code>mcp\.a<\/code><\/td><td>100 ms<\/td><td>600 ms<\/td><td>6<\/td>/);
  assert.match(html, /r="4.5" fill="#d62728"/, 'the red run is marked');
  const partial = historyHtml([
    run(0, {}),
    { ...run(1, {}), groups: { mcp: { ms: 1, ok: 1, err: 0, skip: 0 } } },
  ]);
  assert.match(
    partial,
    /fill="#fff" stroke="#1f77b4"[^>]*><title>wall time: [^<]* · partial run</,
    'a run of fewer groups is hollow',
  );
  assert.match(partial, /text-anchor="end">12-01 07:01</, 'the last x label hangs inward');
  assert.doesNotMatch(html, /(src|href)=["']?https?:|<script/);
  assert.match(historyHtml([]), /No runs recorded yet/);
});
