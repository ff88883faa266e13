// Runs the smoke as a child process (remote mode against given URLs), for tests of the harness
// itself: interruption, dead targets, secret scans. Artifacts go to a directory of the test's.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** What a smoke run is aimed at (a RunningService is one: pass it as is). */
export interface SmokeTarget {
  adminUrl: string;
  mcpUrl: string;
  routerUrl: string;
  adminEmail?: string;
  adminPassword?: string;
  webhookSecret?: string;
}

export interface SmokeProcess {
  child: ChildProcess;
  artifacts: string;
  output(): string;
  /** Resolves when a line matching `re` has been printed (or rejects after timeoutMs). */
  waitFor(re: RegExp, timeoutMs?: number): Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>;
  results(): {
    run?: Record<string, unknown>;
    checks: { group: string; name: string; outcome: string; status: unknown; detail: string }[];
  } | null;
}

export function startSmoke(
  target: SmokeTarget,
  args: string[] = [],
  extraEnv: Record<string, string> = {},
): SmokeProcess {
  const artifacts = fs.mkdtempSync(path.join(os.tmpdir(), 'engram-smoke-art-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    SMOKE_ADMIN_URL: target.adminUrl,
    SMOKE_MCP_URL: target.mcpUrl,
    SMOKE_ROUTER_URL: target.routerUrl,
    SMOKE_ARTIFACTS_DIR: artifacts,
    FORCE_COLOR: '0',
    CI: '1',
    ...extraEnv,
  };
  for (const [k, v] of [
    ['SMOKE_ADMIN_EMAIL', target.adminEmail],
    ['SMOKE_ADMIN_PASSWORD', target.adminPassword],
    ['SMOKE_STRIPE_WEBHOOK_SECRET', target.webhookSecret],
  ] as const) {
    if (v) env[k] = v;
    else delete env[k];
  }
  const t0 = Date.now();
  const child = spawn(
    process.execPath,
    [path.join(ROOT, 'node_modules/@playwright/test/cli.js'), 'test', ...args],
    {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  const waiters: { re: RegExp; resolve: () => void }[] = [];
  const onData = (d: Buffer) => {
    out += d.toString();
    for (const w of [...waiters])
      if (w.re.test(out)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, ms: Date.now() - t0 })),
  );
  return {
    child,
    artifacts,
    output: () => out,
    waitFor: (re, timeoutMs = 60_000) =>
      new Promise<void>((resolve, reject) => {
        if (re.test(out)) return resolve();
        const timer = setTimeout(
          () => reject(new Error(`no line matching ${re} within ${timeoutMs} ms:\n${out.slice(-1500)}`)),
          timeoutMs,
        );
        waiters.push({
          re,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
        void exited.then(() => {
          clearTimeout(timer);
          if (!re.test(out)) reject(new Error(`smoke exited before ${re}:\n${out.slice(-1500)}`));
        });
      }),
    exited,
    results: () => {
      const file = path.join(artifacts, 'reports', 'smoke-results.json');
      const alt = path.join(artifacts, 'smoke-results.json');
      const f = fs.existsSync(file) ? file : fs.existsSync(alt) ? alt : null;
      return f ? JSON.parse(fs.readFileSync(f, 'utf8')) : null;
    },
  };
}

/** `npm run smoke -- <args>` (scripts/smoke.ts) in `dir`, to its end: exit code and all output. */
export async function runSmokeScript(
  dir: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; out: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/smoke.ts', ...args], {
    cwd: dir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, out };
}
