// SQLite write transactions across processes sharing the file: the write lock is taken at BEGIN,
// so a commit from another connection cannot land between a transaction's read and its write
// (that used to fail the transaction at once with "database is locked", a 500 in a smoke run).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { openStore, type Store } from '../../service/db/connect.js';
import { migrateToLatest } from '../../service/db/migrate.js';
import { insertCustomer, mergeSettings, readSettings } from '../../service/account/store/customers.js';

let dir: string;
let a: Store;
let b: Store;
let customer: string;

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'engram-lock-'));
  const opts = { sqlitePath: path.join(dir, 'db.sqlite') };
  a = openStore(opts);
  await migrateToLatest(a);
  b = openStore(opts);
  // b stands for another app process; it gives up fast instead of after the 5 s default.
  await sql`pragma busy_timeout = 50`.execute(b.db);
  const created = await insertCustomer(a.db, { email: 'lock@engram.test', name: null, passwordHash: 'x' });
  assert.ok(created, 'precondition: a customer row');
  customer = created.id;
});

after(async () => {
  await b?.close();
  await a?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a read-then-write transaction holds the write lock from BEGIN: a concurrent write waits, the transaction commits', async () => {
  let concurrent = 'not tried';
  const merged = await a.db.transaction().execute(async (trx) => {
    const current = await readSettings(trx, customer);
    // Another process writes between our read and our write.
    try {
      await b.db.updateTable('customers').set({ billing_plan: 'pro' }).where('id', '=', customer).execute();
      concurrent = 'committed';
    } catch (e) {
      concurrent = (e as Error).message;
    }
    const next = { ...current, timezone: 'Europe/Oslo' };
    await trx.updateTable('customers').set({ settings: JSON.stringify(next) }).where('id', '=', customer).execute();
    return next;
  });
  assert.match(concurrent, /database is locked/, 'the other writer must wait for the lock, not slip in between');
  assert.deepEqual(merged, { timezone: 'Europe/Oslo' });
  assert.deepEqual(await readSettings(b.db, customer), { timezone: 'Europe/Oslo' });
});

test('after the transaction the other process writes normally, and mergeSettings keeps both fields', async () => {
  await b.db.updateTable('customers').set({ billing_plan: 'pro' }).where('id', '=', customer).execute();
  const merged = await mergeSettings(a.db, customer, { email_digest: 'weekly' });
  assert.deepEqual(merged, { timezone: 'Europe/Oslo', email_digest: 'weekly' });
  const row = await b.db.selectFrom('customers').select('billing_plan').where('id', '=', customer).executeTakeFirstOrThrow();
  assert.equal(row.billing_plan, 'pro');
});
