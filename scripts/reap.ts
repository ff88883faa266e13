// `npm run reap -- [--dry-run]`: remove finished smoke tenants (email @engram-smoke.test, no live
// API key, no BYOK config, no memory). --dry-run only lists them. Uses the service's database:
// DATABASE_URL (PostgreSQL) when set, else SQLITE_PATH (default .data/engram.sqlite).
import 'dotenv/config';
import fs from 'node:fs';
import { openStore } from '../service/db/connect.js';
import {
  deleteFinishedSmokeTenants,
  listFinishedSmokeTenants,
  SMOKE_EMAIL_DOMAIN,
} from '../service/account/store/smoke-tenants.js';

const args = process.argv.slice(2);
const unknown = args.filter((a) => a !== '--dry-run' && a !== '--help' && a !== '-h');
if (args.includes('--help') || args.includes('-h') || unknown.length) {
  if (unknown.length) console.error(`reap: unknown argument ${unknown.join(' ')}`);
  console.error('usage: npm run reap -- [--dry-run]');
  process.exit(unknown.length ? 2 : 0);
}
const dryRun = args.includes('--dry-run');

const databaseUrl = process.env.DATABASE_URL || undefined;
const sqlitePath = process.env.SQLITE_PATH || '.data/engram.sqlite';
// Opening a missing SQLite file would create an empty one; say what is wrong instead.
if (!databaseUrl && sqlitePath !== ':memory:' && !fs.existsSync(sqlitePath)) {
  console.error(`reap: no database at ${sqlitePath} (set SQLITE_PATH or DATABASE_URL)`);
  process.exit(1);
}
const where = databaseUrl ? 'postgres' : `sqlite ${sqlitePath}`;
const store = openStore({ databaseUrl, sqlitePath });
try {
  if (dryRun) {
    const tenants = await listFinishedSmokeTenants(store.db);
    for (const t of tenants) console.log(`${t.id}  ${t.email}  ${t.created_at}`);
    console.log(
      `reap (dry run): ${tenants.length} finished smoke tenant(s) of @${SMOKE_EMAIL_DOMAIN} would be deleted (${where})`,
    );
  } else {
    const deleted = await deleteFinishedSmokeTenants(store.db);
    for (const t of deleted) console.log(`deleted ${t.id}  ${t.email}`);
    console.log(
      `reap: deleted ${deleted.length} finished smoke tenant(s) of @${SMOKE_EMAIL_DOMAIN} (${where})`,
    );
  }
} catch (err) {
  console.error(`reap: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
} finally {
  await store.close();
}
