// One app process: `node --import tsx service/apps/start.ts <admin|mcp|router>`.
// Started by service/main.ts, which has already migrated the database.
import type { Server } from 'node:http';
import { loadConfig } from '../config.js';
import { openStore } from '../db/connect.js';
import type { AppContext } from '../context.js';

// Each process loads only its own app (and its dependencies: Stripe for admin, the MCP server for
// mcp): three processes boot in parallel on a cold start, so every module skipped counts.
const builders = {
  admin: async () => (await import('./admin.js')).createAdminApp,
  mcp: async () => (await import('./mcp.js')).createMcpApp,
  router: async () => (await import('./router.js')).createRouterApp,
} as const;
type AppName = keyof typeof builders;

const name = process.argv[2] as AppName;
if (!(name in builders)) {
  console.error(`usage: start.ts <${Object.keys(builders).join('|')}>`);
  process.exit(2);
}

const config = loadConfig();
const store = openStore({ sqlitePath: config.SQLITE_PATH, databaseUrl: config.DATABASE_URL });
const quiet = process.env.ENGRAM_QUIET === '1';
const ctx: AppContext = {
  config,
  store,
  log: (msg, extra) => {
    if (!quiet || /error/i.test(msg))
      console.error(
        `[${name}] ${msg}`,
        extra instanceof Error ? (extra.stack ?? extra.message) : (extra ?? ''),
      );
  },
};

const port = { admin: config.ADMIN_PORT, mcp: config.MCP_PORT, router: config.ROUTER_PORT }[name];
const createApp = await builders[name]();
const server: Server = createApp(ctx).listen(port, config.HOST, () => {
  const addr = server.address();
  const actual = typeof addr === 'object' && addr ? addr.port : port;
  process.send?.({ type: 'ready', app: name, port: actual });
  if (!process.send) console.log(`engram ${name} listening on ${config.HOST}:${actual}`);
});
server.on('error', (err) => {
  console.error(`[${name}] cannot listen on ${config.HOST}:${port}: ${err.message}`);
  process.exit(1);
});

let stopping = false;
function stop() {
  if (stopping) return;
  stopping = true;
  server.close();
  server.closeAllConnections();
  void store.close().finally(() => process.exit(0));
  setTimeout(() => process.exit(0), 1000).unref();
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
// The parent went away (crash, kill -9): do not linger as an orphan holding the port.
process.on('disconnect', stop);
