// `npm run reap` on both dialects: lists (dry run) and deletes exactly the finished smoke tenants.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { FLAVORS } from '../lib/service.js';
import { openStore, type Store } from '../../service/db/connect.js';
import { migrateToLatest } from '../../service/db/migrate.js';
import { insertCustomer } from '../../service/account/store/customers.js';
import { createApiKey, revokeApiKey } from '../../service/account/store/api-keys.js';
import { createSession } from '../../service/account/store/sessions.js';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../../scripts/lib/throwaway-postgres.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

function reap(
  env: Record<string, string>,
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'scripts/reap.ts', ...args],
      { cwd: root, env: { ...process.env, ...env } },
      (err, stdout, stderr) => {
        resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

const smokeEmail = () => `smoke-${Date.now()}-${crypto.randomBytes(4).toString('hex')}@engram-smoke.test`;

for (const flavor of FLAVORS) {
  describe(`reap on ${flavor}`, () => {
    let store: Store;
    let pg: ThrowawayPostgres | undefined;
    let tmp: string;
    let env: Record<string, string>;
    const ids: Record<string, string> = {};
    const emails: Record<string, string> = {};

    before(async () => {
      tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'engram-reap-test-'));
      if (flavor === 'postgres') pg = await startThrowawayPostgres();
      const sqlitePath = path.join(tmp, 'db.sqlite');
      store = openStore(flavor === 'postgres' ? { databaseUrl: pg!.url } : { sqlitePath });
      // An empty DATABASE_URL (not unset) so a developer's .env cannot redirect the run.
      env = flavor === 'postgres' ? { DATABASE_URL: pg!.url } : { DATABASE_URL: '', SQLITE_PATH: sqlitePath };
      await migrateToLatest(store);

      const add = async (label: string, email: string) => {
        const c = await insertCustomer(store.db, { email, name: label, passwordHash: 'scrypt$x' });
        assert.ok(c);
        ids[label] = c.id;
        emails[label] = c.email;
        return c.id;
      };
      const now = new Date().toISOString();
      // Finished: nothing at all, but a session (sessions do not keep a tenant alive).
      await createSession(store.db, await add('finished', smokeEmail()), 60_000);
      // Finished: its only API key was revoked.
      const revoked = await add('revokedKey', smokeEmail());
      const k = await createApiKey(store.db, revoked, 'ci');
      await revokeApiKey(store.db, revoked, k.row.id);
      // Kept: a live key.
      await createApiKey(store.db, await add('liveKey', smokeEmail()), 'ci');
      // Kept: a BYOK config.
      const byok = await add('byok', smokeEmail());
      await store.db
        .insertInto('byok_configs')
        .values({
          id: crypto.randomUUID(),
          customer_id: byok,
          name: 'p',
          provider: 'openai',
          base_url: null,
          api_key_encrypted: 'x',
          api_key_masked: 'sk-…abcd',
          model: 'm',
          overrides: '{}',
          byok_validated_at: null,
          created_at: now,
          updated_at: now,
        })
        .execute();
      // Kept: a memory.
      const mem = await add('memory', smokeEmail());
      const bucket = await store.db
        .insertInto('buckets')
        .values({ customer_id: mem, name: 'inbox', created_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      await store.db
        .insertInto('memories')
        .values({
          id: crypto.randomUUID(),
          customer_id: mem,
          bucket_id: bucket.id,
          content: 'x',
          content_hash: 'x',
          created_at: now,
        })
        .execute();
      // Kept: not the smoke domain (nor a look-alike).
      await add('regular', `person-${Date.now()}@example.test`);
      await add('lookalike', `smoke-${Date.now()}@engram-smoke.test.example.com`);
      // Kept: an admin account, even on the smoke domain.
      const admin = await add('admin', smokeEmail());
      await store.db.updateTable('customers').set({ role: 'admin' }).where('id', '=', admin).execute();
    });
    after(async () => {
      await store?.close();
      pg?.stop();
      fs.rmSync(tmp, { recursive: true, force: true });
    });

    const remaining = async () =>
      (await store.db.selectFrom('customers').select('id').execute()).map((r) => r.id).sort();

    test('--dry-run lists exactly the finished smoke tenants and deletes nothing', async () => {
      const before = await remaining();
      const r = await reap(env, ['--dry-run']);
      assert.equal(r.code, 0, r.stderr);
      assert.ok(r.stdout.includes(emails.finished), r.stdout);
      assert.ok(r.stdout.includes(emails.revokedKey), r.stdout);
      for (const kept of ['liveKey', 'byok', 'memory', 'regular', 'lookalike', 'admin']) {
        assert.ok(!r.stdout.includes(emails[kept]), `${kept} must not be listed:\n${r.stdout}`);
      }
      assert.match(r.stdout, /dry run\): 2 finished smoke tenant/);
      assert.deepEqual(await remaining(), before);
    });

    test('without --dry-run deletes them (cascading their rows) and says how many', async () => {
      const r = await reap(env, []);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /deleted 2 finished smoke tenant/);
      const left = await remaining();
      assert.ok(!left.includes(ids.finished) && !left.includes(ids.revokedKey));
      for (const kept of ['liveKey', 'byok', 'memory', 'regular', 'lookalike', 'admin'])
        assert.ok(left.includes(ids[kept]), kept);
      const orphans = await store.db
        .selectFrom('sessions')
        .select('id')
        .where('customer_id', 'in', [ids.finished, ids.revokedKey])
        .execute();
      assert.equal(orphans.length, 0, 'sessions cascade');
      const keys = await store.db
        .selectFrom('api_keys')
        .select('id')
        .where('customer_id', '=', ids.revokedKey)
        .execute();
      assert.equal(keys.length, 0, 'api keys cascade');
      const again = await reap(env, []);
      assert.match(again.stdout, /deleted 0 finished smoke tenant/);
    });

    test('an unknown argument is exit 2 with usage; nothing deleted', async () => {
      const before = await remaining();
      const r = await reap(env, ['--dryrun']);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /usage: npm run reap/);
      assert.deepEqual(await remaining(), before);
    });
  });
}

test('reap: a missing SQLite file is a clear error, not a fresh empty database', async () => {
  const missing = path.join(
    os.tmpdir(),
    `engram-missing-${crypto.randomBytes(4).toString('hex')}`,
    'db.sqlite',
  );
  const r = await reap({ DATABASE_URL: '', SQLITE_PATH: missing }, ['--dry-run']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /no database at/);
  assert.equal(fs.existsSync(missing), false);
});
