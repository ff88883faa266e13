// `npm run bench -- --rtt 0,100,300 [--runs N]`: the smoke in remote mode against the reference
// service behind a latency proxy, N cold runs per RTT. Per RTT: wall time, round trips on the
// critical path, the slowest chain of sequential requests, and connections/turns through the proxy.
//
// Round trips are measured, not modelled: a run's wall time is (work) + (round trips on its
// critical path) x RTT, so round trips = (wall at RTT - wall at 0 ms) / RTT, with the 0 ms
// figure measured in the same bench (one extra run when 0 is not in the list). The same
// difference per group (its span on the timeline) and per check names the slowest chain.
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startRemoteTarget } from './remote-target.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

interface Check {
  group: string;
  name: string;
  outcome: string;
  duration_ms: number;
  start_ms: number | null;
}
interface Run {
  wall_s: number;
  exit: number | null;
  checks: Check[];
  errs: number;
  connections: number;
  turns: number;
  tail: string;
  /** Playwright's run status: 'timedout' means the ceiling cut the run short. */
  status: string;
}

const median = (xs: number[]) => {
  const s = [...xs].filter(Number.isFinite).sort((a, b) => a - b);
  return s.length
    ? s.length % 2
      ? s[(s.length - 1) / 2]!
      : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2
    : NaN;
};
const f = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '-');

/** Runs the smoke once in remote mode through a fresh target at `rttMs`. */
export async function remoteRun(
  rttMs: number,
  db: 'sqlite' | 'postgres' = 'sqlite',
  extraEnv: Record<string, string> = {},
): Promise<Run> {
  const target = await startRemoteTarget({ rttMs, db });
  try {
    const t0 = performance.now();
    let tail = '';
    const exit = await new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, ['node_modules/@playwright/test/cli.js', 'test'], {
        cwd: root,
        env: { ...process.env, ...target.smokeEnv, ...extraEnv, CI: '1', FORCE_COLOR: '0' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const keep = (d: Buffer) => (tail = (tail + d.toString()).slice(-3000));
      child.stdout.on('data', keep);
      child.stderr.on('data', keep);
      child.on('exit', resolve);
    });
    const wall_s = (performance.now() - t0) / 1000;
    const file = path.join(root, 'reports', 'smoke-results.json');
    const doc = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
    const checks: Check[] = doc.checks ?? [];
    return {
      wall_s,
      exit,
      checks,
      status: String(doc.run?.status ?? 'no results'),
      errs: checks.filter((c) => c.outcome === 'err').length,
      ...target.stats(),
      tail,
    };
  } finally {
    await target.stop();
  }
}

/** Median span (first start to last end, seconds) per group, and median duration per check. */
function timings(runs: Run[]) {
  const spans: Record<string, number[]> = {};
  const checks: Record<string, number[]> = {};
  for (const r of runs) {
    const s: Record<string, { start: number; end: number }> = {};
    for (const c of r.checks) {
      (checks[`${c.group}.${c.name}`] ??= []).push(c.duration_ms / 1000);
      if (c.start_ms === null || c.start_ms === undefined) continue;
      const g = (s[c.group] ??= { start: Infinity, end: 0 });
      g.start = Math.min(g.start, c.start_ms / 1000);
      g.end = Math.max(g.end, (c.start_ms + c.duration_ms) / 1000);
    }
    for (const [g, v] of Object.entries(s)) (spans[g] ??= []).push(v.end - v.start);
  }
  const med = (o: Record<string, number[]>) =>
    Object.fromEntries(Object.entries(o).map(([k, v]) => [k, median(v)]));
  return { spans: med(spans), checks: med(checks) };
}

export async function rttBench(rtts: number[], runsPerRtt: number): Promise<void> {
  const all = rtts.includes(0) ? rtts : [0, ...rtts];
  const byRtt = new Map<number, Run[]>();
  for (const rtt of all) {
    const n = rtts.includes(rtt) ? runsPerRtt : 1; // the 0 ms reference only for the round-trip figures
    const runs: Run[] = [];
    for (let i = 0; i < n; i++) {
      const r = await remoteRun(rtt);
      const note = r.checks.length ? '' : `  (no results: ${r.tail.trim().split('\n').pop()})`;
      console.log(
        `rtt ${rtt} ms run ${i + 1}/${n}: ${f(r.wall_s)} s, ${r.checks.length} checks, ${r.errs} err, exit ${r.exit}${r.status === 'timedout' ? ' (CEILING HIT)' : ''}, ${r.connections} connections, ${r.turns} request turns${note}`,
      );
      runs.push(r);
    }
    byRtt.set(rtt, runs);
  }
  // Every check's timeline per run, for a closer look than the summary (which chain, which file).
  fs.writeFileSync(
    path.join(root, 'reports', 'bench-rtt-runs.json'),
    JSON.stringify(Object.fromEntries([...byRtt].map(([rtt, runs]) => [rtt, runs.map((r) => r.checks)]))),
  );

  const base = byRtt.get(0)!;
  const baseWall = median(base.map((r) => r.wall_s));
  const baseT = timings(base);
  const out = [];
  console.log('');
  for (const rtt of rtts) {
    const runs = byRtt.get(rtt)!;
    const walls = runs.map((r) => r.wall_s);
    const wall = median(walls);
    const t = timings(runs);
    const trips = (now: number, then: number) => (rtt > 0 ? Math.max(0, (now - then) / (rtt / 1000)) : NaN);
    const groups = Object.fromEntries(
      Object.keys(t.spans).map((g) => [g, trips(t.spans[g]!, baseT.spans[g] ?? 0)]),
    );
    const chains: Record<string, number> = {
      ...groups,
      'oauth -> mcp': (groups.oauth ?? 0) + (groups.mcp ?? 0),
    };
    delete chains.oauth;
    delete chains.mcp;
    const [chainName, chainTrips] = Object.entries(chains).sort((a, b) => b[1] - a[1])[0] ?? ['-', NaN];
    const chainGroups = chainName === 'oauth -> mcp' ? ['oauth', 'mcp'] : [chainName];
    const top = Object.entries(t.checks)
      .filter(([k]) => chainGroups.includes(k.split('.')[0]!))
      .map(([k, d]) => [k, trips(d, baseT.checks[k] ?? 0)] as const)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 6);
    const green = runs.filter((r) => r.exit === 0 && r.errs === 0 && r.checks.length > 0).length;
    const r = {
      rtt_ms: rtt,
      runs: runs.length,
      green,
      checks: runs.at(-1)?.checks.length ?? 0,
      wall_s: { min: Math.min(...walls), median: wall, max: Math.max(...walls) },
      critical_path_round_trips: trips(wall, baseWall),
      slowest_chain: { name: chainName, round_trips: chainTrips, top_checks: Object.fromEntries(top) },
      group_round_trips: groups,
      connections: median(runs.map((x) => x.connections)),
      request_turns: median(runs.map((x) => x.turns)),
    };
    out.push(r);
    console.log(`== rtt ${rtt} ms: ${r.checks} checks, ${green}/${runs.length} green`);
    console.log(
      `wall s        median ${f(wall)}  (min ${f(r.wall_s.min)}, max ${f(r.wall_s.max)}; 0 ms reference ${f(baseWall)})`,
    );
    const cut = [...runs, ...base].some((x) => x.status === 'timedout');
    console.log(
      `critical path ${f(r.critical_path_round_trips, 0)} round trips ((wall - wall at 0 ms) / rtt)${cut ? '; a run hit the ceiling: walls are capped, figures understated' : ''}`,
    );
    console.log(
      `slowest chain ${chainName}: ${f(chainTrips, 0)} round trips; ${top.map(([k, n]) => `${k} ${f(n, 0)}`).join(', ')}`,
    );
    console.log(
      `groups        ${Object.entries(groups)
        .sort((a, b) => b[1] - a[1])
        .map(([g, n]) => `${g} ${f(n, 0)}`)
        .join(', ')}`,
    );
    console.log(
      `proxy         ${r.connections} connections, ${r.request_turns} request turns (median per run)`,
    );
  }
  fs.mkdirSync(path.join(root, 'reports'), { recursive: true });
  fs.writeFileSync(
    path.join(root, 'reports', 'bench-rtt.json'),
    JSON.stringify({ reference_0ms_wall_s: baseWall, results: out }, null, 2),
  );
  console.log(
    `\nbench-rtt: ${out.map((r) => `rtt=${r.rtt_ms} median_s=${f(r.wall_s.median)} round_trips=${f(r.critical_path_round_trips, 0)} green=${r.green}/${r.runs}`).join('; ')}`,
  );
}
