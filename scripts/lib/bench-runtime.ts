// The runtime side of `npm run bench`: which Node a run uses (`--node <path>` adds runtimes to
// compare), what each process of a run cost in CPU (cpu-probe.cjs, preloaded into every Node
// process of the run), and the side-by-side table.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const PROBE = fileURLToPath(new URL('./cpu-probe.cjs', import.meta.url));

export interface Runtime {
  node: string;
  version: string;
  /** better-sqlite3 loads on it (13.x needs Node >= 22; on 20 it crashes). */
  sqlite: boolean;
}

export interface RunCost {
  /** CPU seconds of the run: its Node processes by role, and the browser (the workers' children). */
  cpu_s: { total: number; runner: number; workers: number; browser: number; service: number; other: number };
  /** Per Playwright worker: CPU seconds from spawn to its first test. */
  worker_start_cpu_s: number[];
  /** How workers installed their TypeScript hooks: registerHooks (in-thread) or register (loader thread). */
  hooks: string[];
}

export function runtimes(argv: string[], root: string): Runtime[] {
  const paths = [
    process.execPath,
    ...argv.flatMap((a, i) => (a === '--node' ? [path.resolve(argv[i + 1])] : [])),
  ];
  return paths.map((node) => {
    const version = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout?.trim();
    if (!version) throw new Error(`--node ${node}: not a Node executable`);
    const probe = spawnSync(node, ['-e', "new (require('better-sqlite3'))(':memory:').close()"], {
      cwd: root,
    });
    return { node, version, sqlite: probe.status === 0 };
  });
}

/** The environment of one run on `rt`: its directory first on PATH (the webServer runs `node`). */
export function runtimeEnv(
  rt: Runtime,
  env: NodeJS.ProcessEnv,
): { env: NodeJS.ProcessEnv; probeFile: string } {
  const probeFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'engram-bench-')), 'cpu.jsonl');
  return {
    probeFile,
    env: {
      ...env,
      PATH: `${path.dirname(rt.node)}${path.delimiter}${env.PATH ?? ''}`,
      NODE_OPTIONS: `${env.NODE_OPTIONS ?? ''} --require ${PROBE}`.trim(),
      ENGRAM_CPU_PROBE: probeFile,
    },
  };
}

interface ProbeRecord {
  script: string;
  worker: boolean;
  cpu_s: number;
  children_cpu_s?: number;
  first_test_cpu_s?: number;
  hooks?: string[];
}

const roleOf = (r: ProbeRecord): keyof RunCost['cpu_s'] =>
  r.worker
    ? 'workers'
    : /playwright.*[/\\]cli\.js$|\.bin[/\\]playwright$/.test(r.script)
      ? 'runner'
      : /[/\\](\.build[/\\]service|serve-fresh)/.test(r.script)
        ? 'service'
        : 'other';

export function readCost(probeFile: string): RunCost {
  const records: ProbeRecord[] = fs.existsSync(probeFile)
    ? fs
        .readFileSync(probeFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as ProbeRecord)
    : [];
  fs.rmSync(path.dirname(probeFile), { recursive: true, force: true });
  const cpu_s = { total: 0, runner: 0, workers: 0, browser: 0, service: 0, other: 0 };
  for (const r of records) cpu_s[roleOf(r)] += r.cpu_s;
  const workers = records.filter((r) => r.worker);
  cpu_s.browser = workers.reduce((sum, r) => sum + (r.children_cpu_s ?? 0), 0);
  cpu_s.total = cpu_s.runner + cpu_s.workers + cpu_s.browser + cpu_s.service + cpu_s.other;
  return {
    cpu_s,
    worker_start_cpu_s: workers.flatMap((r) =>
      r.first_test_cpu_s === undefined ? [] : [r.first_test_cpu_s],
    ),
    hooks: [...new Set(workers.map((r) => (r.hooks ?? []).join('+') || 'none'))],
  };
}

// The same rule as bench.ts (upper middle of an even count).
const median = (xs: number[]) => {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(0.5 * (s.length - 1) + 0.5))] : NaN;
};
const f = (x: number, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : '-');

export interface RuntimeRow {
  flavor: string;
  rt: Runtime;
  walls: number[];
  errs: number[];
  costs: RunCost[];
}

/** One table, a row per flavor and runtime: medians over that row's runs. */
export function runtimeTable(rows: RuntimeRow[]): string {
  const roles = ['total', 'runner', 'workers', 'browser', 'service'] as const;
  const head = ['flavor', 'node', 'runs', 'wall s median (min-max)', 'errs', ...roles.map((r) => `CPU ${r}`)];
  head.push('worker start CPU p50/max', 'TS hooks');
  const body = rows.map(({ flavor, rt, walls, errs, costs }) => {
    if (!walls.length) return [flavor, rt.version, '0', `n/a: better-sqlite3 does not load on ${rt.version}`];
    const starts = costs.flatMap((c) => c.worker_start_cpu_s);
    return [
      flavor,
      rt.version,
      String(walls.length),
      `${f(median(walls))} (${f(Math.min(...walls))}-${f(Math.max(...walls))})`,
      errs.join('/'),
      ...roles.map((k) => f(median(costs.map((c) => c.cpu_s[k])), 1)),
      `${f(median(starts))}/${f(Math.max(...starts))}`,
      [...new Set(costs.flatMap((c) => c.hooks))].join(','),
    ];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ');
  return [head, ...body].map(line).join('\n');
}
