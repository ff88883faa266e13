// GitHub Actions output: annotations on the failing line, and the job summary tables.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CheckRecord } from '../../helpers/report/check-record.js';
import { formatAnnotation, formatStepSummary } from '../../helpers/report/github-format.js';
import { groupFigures } from '../../helpers/report/run-summary.js';

const rec = (over: Partial<CheckRecord>): CheckRecord => ({
  group: 'mcp',
  name: 'query.marker.present',
  outcome: 'ok',
  flaky: false,
  status: '200',
  detail: 'marker in the answer',
  duration_ms: 100,
  started_ms: 1_000,
  ...over,
});

test('an annotation names the file, line and check; workflow-command characters are escaped', () => {
  const r = {
    ...rec({ outcome: 'err', detail: 'store_memory("") stored: 100% wrong,\nsee: trace' }),
    file: 'tests/mcp/memories.spec.ts',
    line: 150,
  };
  assert.equal(
    formatAnnotation(r),
    '::error file=tests/mcp/memories.spec.ts,line=150,title=mcp.query.marker.present (200)::store_memory("") stored: 100%25 wrong,%0Asee: trace',
  );
  assert.equal(
    formatAnnotation(rec({ outcome: 'err', name: 'a,b:c', status: '-' })),
    '::error title=mcp.a%2Cb%3Ac (-)::marker in the answer',
  );
});

test('group figures: counts and the group wall time from first start to last end', () => {
  const figures = groupFigures(
    [
      rec({ group: 'oauth', started_ms: 1_000, duration_ms: 500 }),
      rec({ group: 'oauth', started_ms: 1_200, duration_ms: 900, outcome: 'err' }),
      rec({ group: 'mcp', started_ms: 3_000, duration_ms: 50 }),
      rec({ group: 'mcp', outcome: 'skip', started_ms: 0, duration_ms: 0 }),
      rec({ group: 'admin', outcome: 'skip', started_ms: 0, duration_ms: 0 }),
    ],
    ['mcp', 'oauth'],
  );
  assert.deepEqual(figures, [
    { group: 'mcp', ok: 1, err: 0, skip: 1, wall_ms: 50 },
    { group: 'oauth', ok: 1, err: 1, skip: 0, wall_ms: 1100 },
    { group: 'admin', ok: 0, err: 0, skip: 1, wall_ms: 0 },
  ]);
});

test('the step summary: a row per group, the failing checks with their line, the slowest', () => {
  const md = formatStepSummary({
    records: [
      rec({ group: 'oauth', duration_ms: 1800 }),
      {
        ...rec({
          name: 'store.empty.rejected',
          outcome: 'err',
          detail: 'stored | accepted',
          duration_ms: 40,
        }),
        file: 'tests/mcp/memories.spec.ts',
        line: 150,
      },
    ],
    wallMs: 12_345,
    groupOrder: ['oauth', 'mcp'],
    verdict: 'RED: 1 check err',
    target: 'http://127.0.0.1:4100',
  });
  assert.match(
    md,
    /^## Engram smoke: RED: 1 check err\n\n2 checks in 12\.3s against `http:\/\/127\.0\.0\.1:4100`/,
  );
  assert.match(md, /\| ✅ oauth \| 1 \| 0 \| 0 \| 1\.8s \|\n\| ❌ mcp \| 0 \| 1 \| 0 \| 0\.0s \|/);
  assert.match(
    md,
    /### Failing checks[\s\S]*\| `mcp\.store\.empty\.rejected` \| `tests\/mcp\/memories\.spec\.ts:150` \| 200 \| stored \\\| accepted \|/,
  );
  assert.match(
    md,
    /### Slowest checks[\s\S]*\| `oauth\.query\.marker\.present` \| 1800 \|\n\| `mcp\.store\.empty\.rejected` \| 40 \|/,
  );
  assert.doesNotMatch(
    formatStepSummary({ records: [rec({})], wallMs: 1, verdict: 'GREEN', target: 't' }),
    /Failing checks/,
  );
});
