// Failures point at the check's line, not the helper that raised them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isPlumbing, parseFrame, trimPlumbing } from '../../helpers/check-frames.js';

const HELPERS = '/repo/helpers/';
const stack = [
  'CheckFailure: marker in neither the answer nor the context',
  '    at Check.that (/repo/helpers/check.ts:87:22)',
  '    at storeMemory (/repo/helpers/mcp-memories.ts:40:9)',
  '    at async /repo/tests/mcp/memories.spec.ts:25:5',
  '    at async /repo/node_modules/playwright/lib/worker/workerProcessEntry.js:10:1',
].join('\n');

test('frames parse with and without a function name, async included', () => {
  assert.deepEqual(parseFrame('    at Check.that (/repo/helpers/check.ts:87:22)'), {
    file: '/repo/helpers/check.ts',
    line: 87,
    column: 22,
  });
  assert.deepEqual(parseFrame('    at async /repo/tests/a.spec.ts:25:5'), {
    file: '/repo/tests/a.spec.ts',
    line: 25,
    column: 5,
  });
  assert.deepEqual(parseFrame('    at x (file:///repo/tests/a%20b.ts:1:2)'), {
    file: '/repo/tests/a b.ts',
    line: 1,
    column: 2,
  });
  assert.equal(parseFrame('    at new Promise (<anonymous>)'), undefined);
});

test('plumbing is helpers/, node_modules and internals', () => {
  assert.ok(isPlumbing('/repo/helpers/check.ts', HELPERS));
  assert.ok(isPlumbing('/repo/node_modules/x/y.js', HELPERS));
  assert.ok(isPlumbing('node:internal/process', HELPERS));
  assert.ok(!isPlumbing('/repo/tests/mcp/memories.spec.ts', HELPERS));
  assert.ok(!isPlumbing('/repo/spec/smoke/failing/leak.spec.ts', HELPERS));
});

test('the stack starts at the check line; without one it is left alone', () => {
  assert.equal(
    trimPlumbing(stack, HELPERS),
    [
      'CheckFailure: marker in neither the answer nor the context',
      '    at async /repo/tests/mcp/memories.spec.ts:25:5',
      '    at async /repo/node_modules/playwright/lib/worker/workerProcessEntry.js:10:1',
    ].join('\n'),
  );
  const setupOnly = 'CheckFailure: x\n    at provision (/repo/helpers/provision.ts:3:1)';
  assert.equal(trimPlumbing(setupOnly, HELPERS), setupOnly);
  assert.equal(trimPlumbing('no frames at all', HELPERS), 'no frames at all');
});
