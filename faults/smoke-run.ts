// Runs the smoke in a scratch copy: local mode, fresh database of the flavor, ports per slot.
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import type { Flavor } from './catalog.js';

export interface SmokeOutcome {
  total: number;
  errs: string[];
  /** Checks Playwright never ran because a dependency project had a red (not a missing precondition). */
  heldBack: string[];
  error?: string;
}

interface ResultRecord {
  group: string;
  name: string;
  outcome: string;
  detail: string;
}

/** The line a check gets when Playwright held it back for another project's red. */
const HELD_BACK = /^not run: depends on /;

const RUN_TIMEOUT_MS = 120_000;

export async function runSmoke(opts: {
  dir: string;
  flavor: Flavor;
  groups: string[];
  slot: number;
}): Promise<SmokeOutcome> {
  const portBase = Number(process.env.FAULTS_PORT_BASE ?? 4300) + opts.slot * 10;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CI: '1',
    SMOKE_DB: opts.flavor,
    ADMIN_PORT: String(portBase),
    MCP_PORT: String(portBase + 1),
    ROUTER_PORT: String(portBase + 2),
    FORCE_COLOR: '0',
  };
  for (const k of ['SMOKE_ADMIN_URL', 'SMOKE_MCP_URL', 'SMOKE_ROUTER_URL', 'DATABASE_URL']) delete env[k];
  // oauth and mcp run together: mcp needs oauth's token, and every oauth fault shows that its
  // red holds no mcp check back (mcp runs after oauth whatever oauth's verdict).
  const tied = opts.groups.some((g) => g === 'oauth' || g === 'mcp');
  const groups = tied ? [...new Set([...opts.groups, 'oauth', 'mcp'])] : opts.groups;
  const projects = groups.flatMap((g) => ['--project', g]);
  let output = '';
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(
      process.execPath,
      [
        'node_modules/@playwright/test/cli.js',
        'test',
        ...projects,
        '--reporter=line,./helpers/report/results-json-reporter.ts',
      ],
      {
        cwd: opts.dir,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), RUN_TIMEOUT_MS);
    child.on('exit', (c) => {
      clearTimeout(timer);
      resolve(c);
    });
  });
  const file = path.join(opts.dir, 'reports', 'smoke-results.json');
  if (!fs.existsSync(file)) {
    return {
      total: 0,
      errs: [],
      heldBack: [],
      error: `no results (exit ${code}): ${output.trim().split('\n').slice(-3).join(' | ')}`,
    };
  }
  const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as { checks?: ResultRecord[] } | ResultRecord[];
  const checks = Array.isArray(parsed) ? parsed : (parsed.checks ?? []);
  const full = (c: ResultRecord) => (c.name.startsWith(`${c.group}.`) ? c.name : `${c.group}.${c.name}`);
  return {
    total: checks.length,
    errs: checks.filter((c) => c.outcome === 'err').map(full),
    heldBack: checks.filter((c) => c.outcome === 'skip' && HELD_BACK.test(c.detail)).map(full),
  };
}
