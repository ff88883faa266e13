// Boots the reference service for a test file: fresh database of the given flavor, free ports.
// Usage: const svc = await startService('sqlite'); ... await svc.stop();
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../scripts/lib/throwaway-postgres.js';

export type Flavor = 'sqlite' | 'postgres';
export const FLAVORS: Flavor[] = ['sqlite', 'postgres'];

export interface RunningService {
  flavor: Flavor;
  adminUrl: string;
  mcpUrl: string;
  routerUrl: string;
  adminEmail: string;
  adminPassword: string;
  webhookSecret: string;
  output: () => string;
  stop(): Promise<void>;
}

const root = fileURLToPath(new URL('../..', import.meta.url));

/** `dir`: the project tree to boot (default: this one; a test may boot a copy). */
export async function startService(
  flavor: Flavor,
  extraEnv: Record<string, string> = {},
  dir: string = root,
): Promise<RunningService> {
  const [adminPort, mcpPort, routerPort] = [await freePort(), await freePort(), await freePort()];
  const adminEmail = 'admin@engram.test';
  const adminPassword = 'admin-password-for-tests';
  const webhookSecret = 'whsec_test_secret_for_spec';
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    SMOKE_DB: flavor,
    ADMIN_PORT: String(adminPort),
    MCP_PORT: String(mcpPort),
    ROUTER_PORT: String(routerPort),
    ADMIN_EMAIL: adminEmail,
    ADMIN_PASSWORD: adminPassword,
    STRIPE_WEBHOOK_SECRET: webhookSecret,
    ...extraEnv,
  };
  delete env.DATABASE_URL;
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'scripts/serve-fresh.ts'], {
    cwd: dir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  await new Promise<void>((resolve, reject) => {
    // Generous: a loaded 2-core machine can take a while to boot three processes.
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`service did not start in 90 s:\n${out}`));
    }, 90_000);
    const onData = () => {
      if (out.includes('engram ready')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`service exited with ${code} before ready:\n${out}`));
    });
  });
  return {
    flavor,
    adminUrl: `http://127.0.0.1:${adminPort}`,
    mcpUrl: `http://127.0.0.1:${mcpPort}/mcp`,
    routerUrl: `http://127.0.0.1:${routerPort}`,
    adminEmail,
    adminPassword,
    webhookSecret,
    output: () => out,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** fetch + JSON for tests: returns status, headers and the parsed body (or text). */
export async function call(
  url: string,
  init: {
    method?: string;
    token?: string;
    body?: unknown;
    headers?: Record<string, string>;
    raw?: string;
  } = {},
): Promise<{ status: number; headers: Headers; body: any; text: string }> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  let body: string | undefined = init.raw;
  if (init.body !== undefined) {
    headers['content-type'] ??= 'application/json';
    body = JSON.stringify(init.body);
  }
  const res = await fetch(url, {
    method: init.method ?? (body ? 'POST' : 'GET'),
    headers,
    body,
    redirect: 'manual',
  });
  const text = await res.text();
  let parsed: any;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: res.status, headers: res.headers, body: parsed, text };
}
