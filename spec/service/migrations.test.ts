// Every table and column exists on both dialects after migrating, and migrating twice is a no-op.
// (A guarded migration that silently skips a table on one dialect is the bug this project hunts.)
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openStore, type Store } from '../../service/db/connect.js';
import { migrateToLatest } from '../../service/db/migrate.js';
import { EXPECTED_COLUMNS } from '../../service/db/schema.js';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../../scripts/lib/throwaway-postgres.js';

for (const flavor of ['sqlite', 'postgres'] as const) {
  describe(`migrations on ${flavor}`, () => {
    let store: Store;
    let pg: ThrowawayPostgres | undefined;
    before(async () => {
      if (flavor === 'postgres' && !process.env.DATABASE_URL) pg = await startThrowawayPostgres();
      store = openStore(flavor === 'sqlite' ? { sqlitePath: ':memory:' } : { databaseUrl: process.env.DATABASE_URL ?? pg!.url });
    });
    after(async () => {
      await store.close();
      pg?.stop();
    });

    test('creates every table and column the schema declares', async () => {
      const applied = await migrateToLatest(store);
      assert.ok(applied.length >= 3, `applied ${applied.join(', ')}`);
      const tables = await store.db.introspection.getTables();
      for (const [table, columns] of Object.entries(EXPECTED_COLUMNS)) {
        const found = tables.find((t) => t.name === table);
        assert.ok(found, `table ${table} missing on ${flavor}`);
        const have = found.columns.map((c) => c.name);
        for (const c of columns) assert.ok(have.includes(c), `column ${table}.${c} missing on ${flavor}`);
      }
    });

    test('is idempotent: a second run applies nothing', async () => {
      assert.deepEqual(await migrateToLatest(store), []);
    });
  });
}
