// `npm run service`: migrate, seed the admin account and run admin, mcp and router as three
// processes on HOST (127.0.0.1). Prints one "engram ready ..." line once the database is migrated and all
// three listen; Ctrl-C stops all.
import 'dotenv/config';
import crypto from 'node:crypto';
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadConfig } from './config.js';
import { openStore } from './db/connect.js';
import { migrateToLatest } from './db/migrate.js';
import { seedAdmin } from './account/admin-seed.js';

const APPS = ['admin', 'mcp', 'router'] as const;

async function main() {
  // All three processes must share one session key; a random one per start unless configured.
  process.env.SESSION_SECRET ||= crypto.randomBytes(32).toString('base64url');
  const config = loadConfig();

  // Bundled (.build/service/main.js, see scripts/lib/build-service.ts): plain node; else tsx.
  const bundled = import.meta.url.endsWith('.js');
  const entry = fileURLToPath(new URL(bundled ? './apps/start.js' : './apps/start.ts', import.meta.url));
  const execArgv = bundled ? [] : ['--import', 'tsx'];
  const children = new Map<string, ChildProcess>();
  const ready = new Set<string>();
  let stopping = false;
  const stopAll = (code: number) => {
    if (stopping) return;
    stopping = true;
    for (const c of children.values()) c.kill('SIGTERM');
    setTimeout(() => process.exit(code), 1500).unref();
    let left = children.size;
    for (const c of children.values()) c.once('exit', () => --left === 0 && process.exit(code));
  };

  // The apps boot while the database migrates: each takes ~0.5 s to load, and nothing queries
  // the database before the ready line, which waits for both.
  let migrated: string | undefined;
  const announce = () => {
    if (migrated && ready.size === APPS.length) {
      // The public URLs (ADMIN_PUBLIC_URL, ...), which are the bind addresses unless configured.
      console.log(
        `engram ready admin=${config.adminUrl} mcp=${config.mcpUrl} router=${config.routerUrl} db=${migrated}`,
      );
    }
  };
  for (const app of APPS) {
    const child = fork(entry, [app], { execArgv, stdio: 'inherit', env: process.env });
    children.set(app, child);
    child.on('message', (m: { type?: string }) => {
      if (m?.type !== 'ready') return;
      ready.add(app);
      announce();
    });
    child.on('exit', (code, signal) => {
      if (stopping) return;
      console.error(`engram: the ${app} app exited (${signal ?? `code ${code}`}); stopping the others`);
      stopAll(1);
    });
  }
  process.on('SIGINT', () => stopAll(0));
  process.on('SIGTERM', () => stopAll(0));
  // Started by a wrapper (scripts/serve-fresh.ts) that died: stop rather than orphan the apps.
  process.on('disconnect', () => stopAll(0));

  const store = openStore({ sqlitePath: config.SQLITE_PATH, databaseUrl: config.DATABASE_URL });
  try {
    await migrateToLatest(store);
    await seedAdmin(store.db, config.ADMIN_EMAIL, config.ADMIN_PASSWORD);
    migrated = store.dialect;
  } catch (err) {
    console.error(`engram: cannot prepare the database: ${err instanceof Error ? err.message : String(err)}`);
    stopAll(1);
    return;
  } finally {
    await store.close();
  }
  announce();
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
