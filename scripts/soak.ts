// `npm run soak -- --runs N`: the full smoke N times against fresh local services, alternating
// SQLite and PostgreSQL. A false red is any err on the healthy service; retries stay off, so
// every flake shows. Prints the false reds by check name and the wall-time spread per flavor.
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { rttOption } from './lib/remote-target.js';
import { remoteRun } from './lib/rtt-bench.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const i = process.argv.indexOf('--runs');
const RUNS = i > 0 ? Number(process.argv[i + 1]) : 10;
// `--rtt 100` (or a list, taken in turn): remote mode behind a latency proxy (scripts/lib/rtt-bench.ts).
const RTTS = rttOption(process.argv);

interface Check {
  group: string;
  name: string;
  outcome: string;
  detail?: string;
}

const falseReds = new Map<string, string[]>();
const walls: Record<string, number[]> = { sqlite: [], postgres: [] };
let failedRuns = 0;

for (let run = 1; run <= RUNS; run++) {
  const flavor = run % 2 === 1 ? 'sqlite' : 'postgres';
  const rtt = RTTS ? RTTS[(run - 1) % RTTS.length]! : null;
  const t0 = performance.now();
  let tail = '';
  let smokeWall: number | undefined; // remote: the smoke's own wall, without the service boot
  const code =
    rtt !== null
      ? await remoteRun(rtt, flavor).then((r) => ((tail = r.tail), (smokeWall = r.wall_s), r.exit))
      : await new Promise<number | null>((resolve) => {
          const child = spawn(process.execPath, ['node_modules/@playwright/test/cli.js', 'test'], {
            cwd: root,
            env: { ...process.env, SMOKE_DB: flavor, CI: '1', FORCE_COLOR: '0' },
            stdio: ['ignore', 'pipe', 'pipe'],
          });
          const keep = (d: Buffer) => (tail = (tail + d.toString()).slice(-2000));
          child.stdout.on('data', keep);
          child.stderr.on('data', keep);
          child.on('exit', resolve);
        });
  const wall = smokeWall ?? (performance.now() - t0) / 1000;
  walls[flavor].push(wall);
  const file = path.join(root, 'reports', 'smoke-results.json');
  const checks: Check[] = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')).checks ?? []) : [];
  const errs = checks.filter((c) => c.outcome === 'err');
  for (const e of errs) {
    const name = `${e.group}.${e.name}`;
    falseReds.set(name, [...(falseReds.get(name) ?? []), `run ${run} (${flavor}): ${e.detail ?? ''}`]);
  }
  if (code !== 0 || errs.length || !checks.length) failedRuns++;
  console.log(
    `soak run ${run}/${RUNS} ${flavor.padEnd(8)}${rtt !== null ? ` rtt ${rtt} ms` : ''} ${wall.toFixed(2)} s  ${checks.length} checks  ${errs.length} err  exit ${code}${!checks.length ? `  (no results: ${tail.trim().split('\n').pop()})` : ''}`,
  );
}

const spread = (xs: number[]) =>
  xs.length
    ? `min ${Math.min(...xs).toFixed(2)} max ${Math.max(...xs).toFixed(2)} median ${[...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)].toFixed(2)}`
    : '-';
console.log(`\nwall s sqlite: ${spread(walls.sqlite)}; postgres: ${spread(walls.postgres)}`);
for (const [name, seen] of falseReds)
  console.log(`false red ${name} x${seen.length}\n  ${seen.join('\n  ')}`);
const total = [...falseReds.values()].reduce((n, s) => n + s.length, 0);
console.log(`soak: runs=${RUNS} false_reds=${total} failed_runs=${failedRuns}`);
process.exit(total === 0 && failedRuns === 0 ? 0 : 1);
