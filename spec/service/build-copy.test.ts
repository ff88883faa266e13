// The service bundle's build stamp is relative to the project root: a copied tree whose
// service sources differ from the original's rebuilds and boots its own code, even when the
// patch kept the file's size and mtime (cp -a, git apply with preserved times).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildService } from '../../scripts/lib/build-service.js';
import { call, startService } from '../lib/service.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'engram-copy-'));
after(() => fs.rmSync(copy, { recursive: true, force: true }));

test('a copied tree with a patched service file boots the patched code', async () => {
  await buildService(root); // the original has a current bundle, which the copy inherits
  for (const entry of ['service', 'scripts', '.build', 'package.json', 'tsconfig.json'])
    execFileSync('cp', ['-a', path.join(root, entry), copy]);
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(copy, 'node_modules'));

  // Same length, same mtime: only the content tells the copy's source from the original's.
  const health = path.join(copy, 'service/public/health.ts');
  const { mtime } = fs.statSync(health);
  const before = fs.readFileSync(health, 'utf8');
  const patched = before.replace("status: db.ok ? 'ok' : 'degraded'", "status: db.ok ? 'OK' : 'degraded'");
  assert.notEqual(patched, before, 'the health handler changed shape: update this patch');
  assert.equal(patched.length, before.length);
  fs.writeFileSync(health, patched);
  fs.utimesSync(health, mtime, mtime);

  const svc = await startService('sqlite', {}, copy);
  try {
    const res = await call(`${svc.adminUrl}/health`);
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.status, 'OK', 'the copy booted the original bundle, not its patched source');
  } finally {
    await svc.stop();
  }
  const stamp = JSON.parse(fs.readFileSync(path.join(copy, '.build/service/inputs.json'), 'utf8')) as object;
  const absolute = Object.keys(stamp).filter((f) => path.isAbsolute(f));
  assert.deepEqual(absolute, [], 'the stamp records absolute paths');
});
