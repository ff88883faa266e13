// `npm run faults`: proves the smoke catches every fault in the catalog.
// 1. the healthy service on both flavors must be all green (the baseline);
// 2. each fault's patch is applied to a scratch copy of the tree, which boots on a fresh database
//    of the fault's flavor and runs the smoke groups the fault touches (plus their dependencies);
// 3. a matrix: caught (every expected check err), missed, or stale (the patch no longer applies).
// Exit 0 only when every fault is caught, none is stale and the baseline is green.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCatalog, type Fault, type Flavor } from './catalog.js';
import { prepareBase, scratchCopy, applyPatch } from './scratch.js';
import { runSmoke, type SmokeOutcome } from './smoke-run.js';
import { writeReports, type JobResult } from './report.js';
import { startFakeProvider } from '../scripts/lib/fake-provider.js';

const root = fileURLToPath(new URL('..', import.meta.url));
// Per-process scratch dir: two runners (or two engineers) can run at once.
const work = path.join(root, '.faults', String(process.pid));
const args = process.argv.slice(2);
const only = args.filter((a) => !a.startsWith('--'));
// The baselines (the whole smoke, using both cores) run first and alone: beside other runs they
// took 47 s of their 60 s ceiling. Then two fault runs at a time: one covers a few groups and
// spends much of its time starting a service and Playwright, leaving a core idle.
const concurrency = Number(process.env.FAULTS_CONCURRENCY ?? 2);
// --no-baseline: iterate on one fault without the two full healthy runs (never in CI).
const withBaseline = !args.includes('--no-baseline');

interface Job {
  id: string;
  flavor: Flavor;
  fault?: Fault;
  groups: string[];
}

async function main() {
  const started = Date.now();
  const catalog = loadCatalog(path.join(root, 'faults', 'patches')).filter(
    (f) => !only.length || only.includes(f.id),
  );
  fs.rmSync(work, { recursive: true, force: true });
  const base = prepareBase(root, work);
  // BYOK validate runs for real (byok_validated_at faults) against a loopback fake provider.
  const provider = await startFakeProvider();
  Object.assign(process.env, {
    SMOKE_BYOK_KEY: provider.key,
    SMOKE_BYOK_BASE_URL: provider.baseUrl,
    BYOK_ALLOW_HOSTS: provider.hostPort,
  });

  const baselines: Job[] = withBaseline
    ? [
        { id: 'baseline', flavor: 'sqlite', groups: [] },
        { id: 'baseline', flavor: 'postgres', groups: [] },
      ]
    : [];
  const faultJobs: Job[] = catalog.flatMap((fault) =>
    fault.flavors.map((flavor) => ({ id: fault.id, flavor, fault, groups: fault.groups })),
  );
  console.log(
    `faults: ${catalog.length} faults, ${baselines.length + faultJobs.length} runs (${baselines.length} baselines one at a time, then ${concurrency} faults at a time)`,
  );

  const results: JobResult[] = [];
  const runAll = async (jobs: Job[], width: number) => {
    let next = 0;
    const worker = async (slot: number) => {
      while (next < jobs.length) {
        const job = jobs[next++];
        const r = await runJob(job, base, slot);
        results.push(r);
        console.log(formatLine(r));
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(width, jobs.length)) }, (_, i) => worker(i)));
  };
  await runAll(baselines, 1);
  await runAll(faultJobs, concurrency);

  const faults = results.filter((r) => r.id !== 'baseline');
  const baselineGreen =
    withBaseline && results.filter((r) => r.id === 'baseline').every((r) => r.verdict === 'green');
  const count = (v: string) => faults.filter((r) => r.verdict === v).length;
  const seconds = (Date.now() - started) / 1000;
  writeReports(path.join(root, 'reports'), results, seconds);
  printMatrix(results);
  console.log(`faults: total ${seconds.toFixed(1)} s; matrix in reports/faults.json and reports/faults.html`);
  // Held back: a check Playwright never ran because another project had a red. None may be.
  const heldBack = results.reduce((n, r) => n + r.heldBack.length, 0);
  console.log(
    `faults: ${count('caught')} caught, ${count('missed')} missed, ${count('stale')} stale, ${heldBack} checks held back by another red, baseline ${!withBaseline ? 'skipped' : baselineGreen ? 'green' : 'red'}`,
  );
  fs.rmSync(work, { recursive: true, force: true });
  await provider.close();
  process.exit(baselineGreen && count('missed') === 0 && count('stale') === 0 && heldBack === 0 ? 0 : 1);
}

async function runJob(job: Job, base: string, slot: number): Promise<JobResult> {
  const t0 = Date.now();
  // One path per slot, reused by its jobs: Playwright's transform cache is keyed by path, so the
  // smoke's TypeScript is compiled once per slot instead of once per run (~2 s of CPU each).
  const dir = scratchCopy(base, path.join(work, `slot-${slot}`));
  const result: JobResult = {
    id: job.id,
    flavor: job.flavor,
    description: job.fault?.description ?? 'the healthy service, every group',
    expect: job.fault?.expect ?? [],
    verdict: 'missed',
    caughtBy: [],
    missedChecks: [],
    collateral: [],
    errs: [],
    heldBack: [],
    seconds: 0,
  };
  try {
    if (job.fault) {
      const applied = applyPatch(dir, job.fault.patchFile);
      if (!applied.ok) {
        result.verdict = 'stale';
        result.note = `patch ${path.relative(root, job.fault.patchFile)} no longer applies: ${applied.error}. Regenerate it: make the change in service/, then git diff service/ > the patch (keep its header).`;
        return result;
      }
    }
    const outcome: SmokeOutcome = await runSmoke({ dir, flavor: job.flavor, groups: job.groups, slot });
    result.errs = outcome.errs;
    result.heldBack = outcome.heldBack;
    result.checks = outcome.total;
    if (outcome.error) result.note = outcome.error;
    if (!job.fault) {
      result.verdict = outcome.errs.length === 0 && !outcome.error && outcome.total > 0 ? 'green' : 'red';
      return result;
    }
    result.caughtBy = job.fault.expect.filter((c) => outcome.errs.includes(c));
    result.missedChecks = job.fault.expect.filter((c) => !outcome.errs.includes(c));
    result.collateral = outcome.errs.filter((c) => !job.fault!.expect.includes(c));
    result.verdict = result.missedChecks.length === 0 ? 'caught' : 'missed';
    return result;
  } finally {
    result.seconds = +((Date.now() - t0) / 1000).toFixed(1);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function formatLine(r: JobResult): string {
  const tag = { caught: 'caught', missed: 'MISSED', stale: 'STALE', green: 'green', red: 'RED' }[r.verdict];
  const detail =
    r.id === 'baseline'
      ? `${r.checks ?? 0} checks, ${r.errs.length} err${r.errs.length ? `: ${r.errs.slice(0, 5).join(' ')}` : ''}`
      : r.verdict === 'stale'
        ? (r.note ?? '')
        : `expected ${r.expect.join(' ')}${r.missedChecks.length ? `; still green: ${r.missedChecks.join(' ')}` : ''}${r.collateral.length ? `; collateral: ${r.collateral.join(' ')}` : ''}`;
  const held = r.verdict === 'stale' ? '' : `; held back ${r.heldBack.length}`;
  return `[${tag.padEnd(6)}] ${`${r.id} (${r.flavor})`.padEnd(44)} ${String(r.seconds).padStart(5)}s  ${detail}${held}${r.note && r.verdict !== 'stale' ? ` (${r.note})` : ''}`;
}

function printMatrix(results: JobResult[]) {
  console.log('\nfault'.padEnd(42) + 'flavor    verdict  seconds  held  expected -> collateral');
  for (const r of results) {
    console.log(
      `${r.id.padEnd(41)} ${r.flavor.padEnd(9)} ${r.verdict.padEnd(8)} ${String(r.seconds).padStart(7)}  ${String(r.heldBack.length).padStart(4)}  ${r.expect.join(',') || '-'}${r.collateral.length ? ` -> ${r.collateral.length} collateral` : ''}`,
    );
  }
}

main().catch((err) => {
  console.error(`faults: runner crashed: ${err instanceof Error ? err.stack : err}`);
  process.exit(2);
});
