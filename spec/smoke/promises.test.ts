// The promise inventory's checker (scripts/promises.ts): it finds looped check titles, refuses a
// promise naming a check that does not exist or having neither check nor reason, and the real
// docs/promises.md passes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { checkPatterns, parsePromises } from '../../scripts/promises.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

test('checkPatterns: literal and looped titles, prefixed by the group', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'promises-'));
  fs.mkdirSync(path.join(dir, 'errors'));
  fs.writeFileSync(
    path.join(dir, 'errors', 'a.spec.ts'),
    "test('plain.one', async () => {});\nfor (const app of A) test(`nf.${app}.json`, async () => {});\n",
  );
  const ps = checkPatterns(dir);
  const has = (n: string) => ps.some((p) => (typeof p === 'string' ? p === n : p.test(n)));
  assert.ok(has('errors.plain.one'));
  assert.ok(has('errors.nf.mcp.json'));
  assert.ok(has('errors.nf.${app}.json'));
  assert.ok(!has('errors.nf.json'));
  assert.ok(!has('admin.plain.one'));
});

test('parsePromises: checks, reasons, and a missing reason', () => {
  const ps = parsePromises('## S\n- a → x.y, x.z\n- b → none: why\n- c → none\nnot a promise\n');
  assert.deepEqual(
    ps.map((p) => [p.text, p.checks, p.reason]),
    [
      ['a', ['x.y', 'x.z'], null],
      ['b', [], 'why'],
      ['c', [], null],
    ],
  );
});

test('npm run promises passes on the real inventory', () => {
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'scripts/promises.ts'], {
    cwd: root,
    encoding: 'utf8',
  });
  assert.match(out, /every promise has a check or a reason/);
});
