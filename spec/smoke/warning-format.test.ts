// A broken SHOULD (standards profile): the check passes, the line says [warn], the summary lists it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toRecord, type CheckRecord } from '../../helpers/report/check-record.js';
import { formatCheckLine, formatSummary } from '../../helpers/report/line-format.js';

const rec = (over: Partial<CheckRecord>): CheckRecord => ({
  group: 'discovery',
  name: 'challenge.no_token.401_bearer',
  outcome: 'ok',
  flaky: false,
  status: '401',
  detail: 'initialize without a token -> 401 [RFC 6750 §3 MUST; RFC 6750 §3.1 SHOULD]',
  duration_ms: 5,
  started_ms: 0,
  ...over,
});

test('toRecord: a passed check with a smoke.warning annotation is ok with its warning', () => {
  const r = toRecord({
    group: 'discovery',
    name: 'x',
    status: 'passed',
    retry: 0,
    duration: 3,
    annotations: [
      { type: 'smoke.detail', description: 'seen' },
      { type: 'smoke.warning', description: 'error param without credentials (RFC 6750 §3.1 SHOULD)' },
    ],
  });
  assert.equal(r.outcome, 'ok');
  assert.equal(r.warning, 'error param without credentials (RFC 6750 §3.1 SHOULD)');
  assert.equal(
    toRecord({ group: 'g', name: 'y', status: 'passed', retry: 0, duration: 1, annotations: [] }).warning,
    undefined,
  );
});

test('the line says [warn]; an err with a warning stays [err]', () => {
  assert.match(
    formatCheckLine(rec({ warning: 'w (RFC 6750 §3.1 SHOULD)' })),
    /^\[warn\] discovery\.challenge/,
  );
  assert.match(formatCheckLine(rec({ outcome: 'err', warning: 'w' })), /^\[err\] /);
  assert.match(formatCheckLine(rec({})), /^\[ok \] /);
});

test('the summary lists warnings and stays green', () => {
  const lines = formatSummary(
    [rec({ warning: 'error param without credentials (RFC 6750 §3.1 SHOULD)' }), rec({ name: 'other' })],
    1000,
  );
  const text = lines.join('\n');
  assert.match(
    text,
    /warnings \(1, SHOULD not met\):\n {2}discovery\.challenge\.no_token\.401_bearer: error param without credentials/,
  );
  assert.match(text, /GREEN: no check err/);
  assert.doesNotMatch(formatSummary([rec({})], 1000).join('\n'), /warnings/);
});
