// The worker's stack-formatting fast path: same text as V8, source maps still applied to our frames.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { afterEach, test } from 'node:test';
import { formatPlain, installFastStacks, mayBeMapped } from '../../helpers/run/fast-stacks.js';

const site = (file: string | undefined, text = `fn (${file}:1:1)`) =>
  ({ getFileName: () => file, isAsync: () => false, toString: () => text }) as unknown as NodeJS.CallSite;

const original = Error.prepareStackTrace;
afterEach(() => {
  if (original) Error.prepareStackTrace = original;
  else delete (Error as { prepareStackTrace?: unknown }).prepareStackTrace;
});

test('only files outside node_modules and node: internals may carry a source map', () => {
  assert.equal(mayBeMapped(site('/repo/tests/oauth/flow.spec.ts')), true);
  assert.equal(mayBeMapped(site('/repo/node_modules/playwright/lib/worker/workerProcessEntry.js')), false);
  assert.equal(mayBeMapped(site('C:\\repo\\node_modules\\playwright\\lib\\index.js')), false);
  assert.equal(
    mayBeMapped(site('file:///repo/node_modules/@modelcontextprotocol/sdk/dist/esm/client/index.js')),
    false,
  );
  assert.equal(mayBeMapped(site('node:internal/process/task_queues')), false);
  assert.equal(mayBeMapped(site(undefined)), false);
});

test('formatPlain gives what source-map-support gives for frames without a source map', () => {
  // The same formatter Playwright installs in its workers.
  const { sourceMapSupport } = createRequire(import.meta.url)('playwright-core/lib/utilsBundle') as {
    sourceMapSupport: { install(o: object): void };
  };
  let sites: NodeJS.CallSite[] = [];
  Error.prepareStackTrace = (_e, s) => {
    sites = s;
    return '';
  };
  void new Error('probe').stack;
  // Real call sites of Node's own test runner: no source map, like Playwright's fixture stacks.
  const library = sites.filter((s) => s.getFileName()?.startsWith('node:'));
  assert.ok(library.length >= 3, `expected node: frames on the stack, got ${library.length}`);
  delete (Error as { prepareStackTrace?: unknown }).prepareStackTrace;
  sourceMapSupport.install({
    environment: 'node',
    handleUncaughtExceptions: false,
    retrieveSourceMap: () => null,
  });
  const viaSourceMapSupport = Error.prepareStackTrace!(new TypeError('boom'), library);
  assert.equal(formatPlain(new TypeError('boom'), library), viaSourceMapSupport);
});

test('installed: library-only stacks skip the mapper, a stack with one of our frames goes through it', () => {
  const seen: number[] = [];
  Error.prepareStackTrace = (_e, s) => {
    seen.push(s.length);
    return 'mapped';
  };
  installFastStacks();
  installFastStacks(); // idempotent: does not wrap twice
  const prepare = Error.prepareStackTrace!;
  const lib = [
    site('/r/node_modules/playwright/lib/a.js', 'a (/r/node_modules/playwright/lib/a.js:3:7)'),
    site('node:internal/timers', 'listOnTimeout (node:internal/timers:594:17)'),
  ];
  assert.equal(
    prepare(new Error('x'), lib),
    'Error: x\n    at a (/r/node_modules/playwright/lib/a.js:3:7)\n    at listOnTimeout (node:internal/timers:594:17)',
  );
  assert.deepEqual(seen, []);
  assert.equal(prepare(new Error('x'), [...lib, site('/r/tests/auth/login.spec.ts')]), 'mapped');
  assert.deepEqual(seen, [3]);
});

test('nothing installed: leaves Error.prepareStackTrace alone', () => {
  delete (Error as { prepareStackTrace?: unknown }).prepareStackTrace;
  installFastStacks();
  assert.equal(Error.prepareStackTrace, undefined);
});
