// Brings a store to the latest schema. Idempotent: applied migrations are recorded and skipped.
import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Store } from './connect.js';
import { MIGRATIONS } from './migrations/index.js';

export async function migrateToLatest(store: Store): Promise<string[]> {
  const provider: MigrationProvider = {
    async getMigrations() {
      const out: Record<string, Migration> = {};
      for (const [name, m] of Object.entries(MIGRATIONS)) out[name] = { up: (db) => m.up(db, store.dialect) };
      return out;
    },
  };
  const { error, results } = await new Migrator({ db: store.db, provider }).migrateToLatest();
  // A migration error is thrown, never ignored: a silently skipped table is the bug we hunt.
  if (error) throw error instanceof Error ? error : new Error(String(error));
  const failed = results?.find((r) => r.status === 'Error');
  if (failed) throw new Error(`migration ${failed.migrationName} failed`);
  return (results ?? []).map((r) => r.migrationName);
}
