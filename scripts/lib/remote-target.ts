// The reference service as a remote target: a fresh service (scripts/serve-fresh.ts) behind three
// latency proxies, advertising the proxies' URLs (*_PUBLIC_URL), and the environment that runs
// the smoke against it in remote mode. Used by `npm run bench -- --rtt` and `npm run soak -- --rtt`.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { startLatencyProxy, type LatencyProxy } from './latency-proxy.js';
import { freePort } from './throwaway-postgres.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const APPS = ['admin', 'mcp', 'router'] as const;

export interface RemoteTarget {
  rttMs: number;
  /** SMOKE_* variables for a remote-mode run through the proxies. */
  smokeEnv: Record<string, string>;
  /** Connections and request turns through the proxies so far. */
  stats(): { connections: number; turns: number };
  stop(): Promise<void>;
}

export async function startRemoteTarget(opts: {
  rttMs: number;
  db?: 'sqlite' | 'postgres';
}): Promise<RemoteTarget> {
  const ports = { admin: await freePort(), mcp: await freePort(), router: await freePort() };
  const proxies = {} as Record<(typeof APPS)[number], LatencyProxy>;
  for (const app of APPS) proxies[app] = await startLatencyProxy({ target: ports[app], rttMs: opts.rttMs });
  const admin = { email: 'admin@engram-remote.test', password: `pw-${randomBytes(12).toString('hex')}` };
  const webhookSecret = `whsec_${randomBytes(12).toString('hex')}`;

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    SMOKE_DB: opts.db ?? 'sqlite',
    ADMIN_PORT: String(ports.admin),
    MCP_PORT: String(ports.mcp),
    ROUTER_PORT: String(ports.router),
    ADMIN_PUBLIC_URL: proxies.admin.url,
    MCP_PUBLIC_URL: proxies.mcp.url,
    ROUTER_PUBLIC_URL: proxies.router.url,
    ADMIN_EMAIL: admin.email,
    ADMIN_PASSWORD: admin.password,
    STRIPE_WEBHOOK_SECRET: webhookSecret,
  };
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'scripts/serve-fresh.ts'], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const closeProxies = () => Promise.all(APPS.map((a) => proxies[a].close()));
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`service did not start in 60 s:\n${out}`)), 60_000);
      const onData = (d: Buffer) => {
        out = (out + d.toString()).slice(-4000);
        if (out.includes('engram ready')) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`service exited with ${code} before ready:\n${out}`));
      });
    });
  } catch (e) {
    child.kill('SIGTERM');
    await closeProxies();
    throw e;
  }
  child.stdout!.resume();
  child.stderr!.resume();

  return {
    rttMs: opts.rttMs,
    smokeEnv: {
      SMOKE_ADMIN_URL: proxies.admin.url,
      SMOKE_MCP_URL: `${proxies.mcp.url}/mcp`,
      SMOKE_ROUTER_URL: proxies.router.url,
      SMOKE_ADMIN_EMAIL: admin.email,
      SMOKE_ADMIN_PASSWORD: admin.password,
      SMOKE_STRIPE_WEBHOOK_SECRET: webhookSecret,
    },
    stats: () =>
      APPS.reduce(
        (s, a) => ({
          connections: s.connections + proxies[a].stats.connections,
          turns: s.turns + proxies[a].stats.turns,
        }),
        {
          connections: 0,
          turns: 0,
        },
      ),
    stop: async () => {
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
      await closeProxies();
    },
  };
}

/** `--rtt 0,100,300` -> [0, 100, 300]; null when the option is absent. */
export function rttOption(argv: string[]): number[] | null {
  const i = argv.indexOf('--rtt');
  if (i < 0) return null;
  const list = (argv[i + 1] ?? '').split(',').map((s) => Number(s.trim()));
  if (!list.length || list.some((n) => !Number.isFinite(n) || n < 0))
    throw new Error(
      `--rtt takes milliseconds, e.g. --rtt 100 or --rtt 0,100,300 (got "${argv[i + 1] ?? ''}")`,
    );
  return list;
}
