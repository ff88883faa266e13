// `npm run bench [-- --runs N] [-- --node <path>]`: the whole smoke, cold, against the local
// reference service, several times per flavor (each run boots the service on a fresh database and
// its own browser). `--node <path>` (repeatable) runs every run on each runtime in turn too,
// alternating, and compares them in one table; without it, the runtime this runs on.
// Prints wall time, time to first check line, per-group spans, the critical path, and per-check
// latency; writes reports/bench.json and reports/bench.html. Last line (SQLite):
//   bench: checks=<n> median_s=<x> critical_path_s=<y> ratio=<z>
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  readCost,
  runtimeEnv,
  runtimes,
  runtimeTable,
  type RunCost,
  type Runtime,
} from './lib/bench-runtime.js';
import { rttOption } from './lib/remote-target.js';
import { rttBench } from './lib/rtt-bench.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 5;
const FLAVORS = (process.env.BENCH_FLAVORS ?? 'sqlite,postgres').split(',') as ('sqlite' | 'postgres')[];

// `--rtt 0,100,300`: remote mode behind a latency proxy instead (scripts/lib/rtt-bench.ts), 3 runs per RTT.
const RTTS = rttOption(process.argv);
if (RTTS) {
  await rttBench(RTTS, runsArg > 0 ? RUNS : 3);
  process.exit(0);
}

interface Check {
  group: string;
  name: string;
  outcome: string;
  duration_ms: number;
  start_ms?: number;
}
interface Run {
  wall_s: number;
  first_line_s: number;
  checks: Check[];
  exit: number | null;
  cost: RunCost;
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(q * (s.length - 1) + 0.5))] : NaN;
};
const median = (xs: number[]) => quantile(xs, 0.5);
const f = (x: number, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : '-');

async function runOnce(flavor: string, rt: Runtime): Promise<Run> {
  const { env, probeFile } = runtimeEnv(rt, { ...process.env, SMOKE_DB: flavor, CI: '1', FORCE_COLOR: '0' });
  const t0 = performance.now();
  let firstLine = NaN;
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(rt.node, ['node_modules/@playwright/test/cli.js', 'test'], {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (d: Buffer) => {
      if (Number.isNaN(firstLine) && /^\[(ok |err|skip)/m.test(d.toString()))
        firstLine = (performance.now() - t0) / 1000;
    });
    child.stderr.resume();
    child.on('exit', resolve);
  });
  const wall = (performance.now() - t0) / 1000;
  const file = path.join(root, 'reports', 'smoke-results.json');
  const parsed = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : { checks: [] };
  const cost = readCost(probeFile);
  return { wall_s: wall, first_line_s: firstLine, checks: parsed.checks ?? parsed, exit: code, cost };
}

function groupSpans(checks: Check[]): Record<string, { start: number; end: number }> {
  const spans: Record<string, { start: number; end: number }> = {};
  for (const c of checks) {
    if (c.start_ms === undefined) continue;
    const s = (spans[c.group] ??= { start: Infinity, end: 0 });
    s.start = Math.min(s.start, c.start_ms / 1000);
    s.end = Math.max(s.end, (c.start_ms + c.duration_ms) / 1000);
  }
  return spans;
}

function summarize(flavor: string, runs: Run[]) {
  const walls = runs.map((r) => r.wall_s);
  const last = runs[runs.length - 1];
  const perGroup: Record<string, number[]> = {};
  for (const r of runs)
    for (const [g, s] of Object.entries(groupSpans(r.checks))) (perGroup[g] ??= []).push(s.end - s.start);
  const groups = Object.fromEntries(Object.entries(perGroup).map(([g, xs]) => [g, median(xs)]));
  const chain = (groups.oauth ?? 0) + (groups.mcp ?? 0);
  const [longestName, longest] = Object.entries(groups).sort((a, b) => b[1] - a[1])[0] ?? ['-', 0];
  const critical = Math.max(chain, longest);
  const lat = runs.flatMap((r) => r.checks.map((c) => c.duration_ms));
  const out = {
    flavor,
    runs: runs.length,
    checks: last?.checks.length ?? 0,
    errs: runs.map((r) => r.checks.filter((c) => c.outcome === 'err').length),
    wall_s: { min: Math.min(...walls), median: median(walls), max: Math.max(...walls) },
    first_line_s: median(runs.map((r) => r.first_line_s)),
    groups_s: groups,
    critical_path_s: critical,
    critical_path: chain >= longest ? 'oauth -> mcp' : longestName,
    ratio: median(walls) / critical,
    check_latency_ms: { p50: quantile(lat, 0.5), p95: quantile(lat, 0.95) },
    timeline: groupSpans(last?.checks ?? []),
  };
  console.log(
    `\n== ${flavor}: ${out.checks} checks, ${runs.length} cold runs, err per run ${out.errs.join('/')}`,
  );
  console.log(
    `wall s       min ${f(out.wall_s.min)}  median ${f(out.wall_s.median)}  max ${f(out.wall_s.max)}`,
  );
  console.log(`first line   ${f(out.first_line_s)} s after start`);
  console.log(
    `groups s     ${Object.entries(groups)
      .sort((a, b) => b[1] - a[1])
      .map(([g, s]) => `${g} ${f(s)}`)
      .join(', ')}`,
  );
  console.log(
    `critical     ${out.critical_path} ${f(critical)} s (oauth+mcp ${f(chain)}, longest group ${longestName} ${f(longest)})`,
  );
  console.log(`ratio        wall/critical ${f(out.ratio)}`);
  console.log(`check ms     p50 ${f(out.check_latency_ms.p50, 0)}  p95 ${f(out.check_latency_ms.p95, 0)}`);
  return out;
}

function chart(results: ReturnType<typeof summarize>[]): string {
  const blocks = results.map((r) => {
    const spans = Object.entries(r.timeline).sort((a, b) => a[1].start - b[1].start);
    const max = Math.max(1, ...spans.map(([, s]) => s.end));
    const bars = spans
      .map(
        ([g, s], i) =>
          `<text x="0" y="${i * 22 + 15}">${g}</text><rect x="${90 + (s.start / max) * 600}" y="${i * 22 + 3}" width="${Math.max(2, ((s.end - s.start) / max) * 600)}" height="16" fill="#4a8"/><text x="${95 + (s.end / max) * 600}" y="${i * 22 + 15}">${f(s.end - s.start)} s</text>`,
      )
      .join('');
    return `<h2>${r.flavor}: median ${f(r.wall_s.median)} s wall, critical path ${f(r.critical_path_s)} s (${r.critical_path})</h2><svg width="800" height="${spans.length * 22 + 10}" font-size="12">${bars}</svg>`;
  });
  return `<!doctype html><meta charset="utf-8"><title>engram-smoke bench</title><body style="font:13px system-ui;margin:2em"><h1>Smoke timeline (last run, seconds since the first check)</h1>${blocks.join('')}`;
}

const RUNTIMES = runtimes(process.argv, root);
for (const rt of RUNTIMES)
  console.log(
    `bench: node ${rt.version} (${rt.node})${rt.sqlite ? '' : ', SQLite runs skipped: better-sqlite3 does not load on it'}`,
  );
const results = [];
const rows = [];
for (const flavor of FLAVORS) {
  const perRt = RUNTIMES.map((rt) => ({ rt, runs: [] as Run[], usable: flavor !== 'sqlite' || rt.sqlite }));
  for (let i = 0; i < RUNS; i++) {
    // Alternating runtimes run by run: load on a shared machine drifts, and affects both alike.
    for (const { rt, runs, usable } of perRt) {
      if (!usable) continue;
      const r = await runOnce(flavor, rt);
      console.log(
        `${flavor} ${rt.version} run ${i + 1}/${RUNS}: ${f(r.wall_s)} s, ${r.checks.length} checks, exit ${r.exit}, ${f(r.cost.cpu_s.total, 1)} s CPU`,
      );
      runs.push(r);
    }
  }
  for (const { rt, runs } of perRt) {
    if (runs.length)
      results.push({
        ...summarize(RUNTIMES.length > 1 ? `${flavor} (node ${rt.version})` : flavor, runs),
        node: rt.version,
      });
    rows.push({
      flavor,
      rt,
      walls: runs.map((r) => r.wall_s),
      errs: runs.map((r) => r.checks.filter((c) => c.outcome === 'err').length),
      costs: runs.map((r) => r.cost),
    });
  }
}
console.log(
  `\n== runtimes: medians per flavor and node (CPU s: the run's processes by role; per worker, spawn to first test)\n${runtimeTable(rows)}`,
);
fs.mkdirSync(path.join(root, 'reports'), { recursive: true });
fs.writeFileSync(path.join(root, 'reports', 'bench.json'), JSON.stringify(results, null, 2));
fs.writeFileSync(path.join(root, 'reports', 'bench.html'), chart(results));
const s = results.find((r) => r.flavor.startsWith('sqlite') && r.node === RUNTIMES[0].version) ?? results[0];
console.log(
  `\nbench: checks=${s.checks} median_s=${f(s.wall_s.median)} critical_path_s=${f(s.critical_path_s)} ratio=${f(s.ratio)}`,
);
