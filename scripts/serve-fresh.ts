// Boots the reference service on a FRESH database: a new SQLite file (default) or a throwaway
// PostgreSQL cluster (SMOKE_DB=postgres). DATABASE_URL, when set, is used as is.
// This is what the smoke's webServer runs in local mode.
import 'dotenv/config';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startThrowawayPostgres, type ThrowawayPostgres } from './lib/throwaway-postgres.js';
import { buildService } from './lib/build-service.js';
import { startFakeProvider, type FakeProvider } from './lib/fake-provider.js';

const flavor = (process.env.SMOKE_DB ?? 'sqlite').toLowerCase();
if (flavor !== 'sqlite' && flavor !== 'postgres') {
  console.error(`SMOKE_DB must be sqlite or postgres, got "${process.env.SMOKE_DB}"`);
  process.exit(2);
}

// better-sqlite3 13 needs Node >= 22 and crashes (no error) on older ones: say so instead.
if (flavor === 'sqlite' && Number(process.versions.node.split('.')[0]) < 22) {
  console.error(
    `SQLite needs Node >= 22 (better-sqlite3 13); this is ${process.version}: npm run setup brings one`,
  );
  process.exit(2);
}

const root = fileURLToPath(new URL('..', import.meta.url));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'engram-fresh-'));
const env: NodeJS.ProcessEnv = { ...process.env, ENGRAM_QUIET: process.env.ENGRAM_QUIET ?? '1' };
const wantsPostgres = flavor === 'postgres' && !process.env.DATABASE_URL;

// The bundle and the database do not depend on each other: prepare both at once.
// SMOKE_FAKE_PROVIDER_KEY (set by the smoke's config in local mode without a real key): a loopback
// fake provider answers BYOK validate; the service allows its host, the smoke learns its URL from
// the line printed before "engram ready".
const fakeKey = process.env.SMOKE_FAKE_PROVIDER_KEY;
const [built, pg, fake] = await Promise.all([
  buildService(root),
  wantsPostgres ? startThrowawayPostgres() : Promise.resolve<ThrowawayPostgres | undefined>(undefined),
  fakeKey ? startFakeProvider(fakeKey) : Promise.resolve<FakeProvider | undefined>(undefined),
]);
delete env.SMOKE_FAKE_PROVIDER_KEY;
if (fake) env.BYOK_ALLOW_HOSTS = [process.env.BYOK_ALLOW_HOSTS, fake.hostPort].filter(Boolean).join(',');
// Always printed (the smoke's ready pattern expects it): the URL, or none.
console.log(`engram fake provider base_url=${fake?.baseUrl ?? 'none'}`);
if (pg) env.DATABASE_URL = pg.url;
if (flavor === 'sqlite') {
  delete env.DATABASE_URL;
  // FRESH_SQLITE_PATH: a test that must read the database afterwards (the reaper) picks the file.
  env.SQLITE_PATH = process.env.FRESH_SQLITE_PATH || path.join(tmp, 'engram.sqlite');
}

const cleanup = () => {
  pg?.stop();
  void fake?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
};
// execArgv: [] or fork would pass on this process's `--import tsx`; the bundle is plain JavaScript.
const main = fork(path.join(built, 'main.js'), [], { execArgv: [], env, stdio: 'inherit' });
main.on('exit', (code) => {
  cleanup();
  process.exit(code ?? 0);
});
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => main.kill('SIGTERM'));
