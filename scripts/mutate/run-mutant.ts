// Stryker's test command (testRunner "command"), run in its sandbox once per mutant: the smoke
// groups that reach the mutated file (scripts/mutate/groups-by-file.json), against a fresh
// reference service built from the instrumented sources, on ports of this Stryker worker. Exit 0:
// the mutant survived; non-zero: a check caught it. The first red ends the run (-x).
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const sandbox = fileURLToPath(new URL('../..', import.meta.url));
const ALL = 'all';

/** mutant id -> the service file it lives in, read off the instrumented sources once. */
function mutantFiles(): Record<string, string> {
  const cache = path.join(sandbox, '.mutant-files.json');
  if (fs.existsSync(cache)) return JSON.parse(fs.readFileSync(cache, 'utf8')) as Record<string, string>;
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts'))
        for (const m of fs.readFileSync(p, 'utf8').matchAll(/stryMutAct_\w+\("(\d+)"\)/g))
          out[m[1]!] = path.relative(sandbox, p).split(path.sep).join('/');
    }
  };
  walk(path.join(sandbox, 'service'));
  fs.writeFileSync(cache, JSON.stringify(out));
  return out;
}

function groupsFor(mutant: string | undefined): string[] | typeof ALL {
  const map = JSON.parse(
    fs.readFileSync(path.join(sandbox, 'scripts/mutate/groups-by-file.json'), 'utf8'),
  ) as Record<string, string[]>;
  const files = mutant === undefined ? JSON.parse(process.env.MUTATE_FILES ?? '[]') : [mutantFiles()[mutant]];
  const groups = new Set<string>();
  for (const f of files as string[]) {
    // A file no group reached (startup, a dialect not measured): every group.
    if (!map[f]) return ALL;
    for (const g of map[f]) groups.add(g);
  }
  return [...groups];
}

const mutant = process.env.__STRYKER_ACTIVE_MUTANT__;
const groups = groupsFor(mutant);
// PostgreSQL's own code (its search dialect) runs only on PostgreSQL; everything else on SQLite.
const file = mutant === undefined ? undefined : mutantFiles()[mutant];
const db = file && /postgres/.test(file) ? 'postgres' : 'sqlite';
const worker = Number(process.env.STRYKER_MUTATOR_WORKER ?? 0);
const base = 4500 + worker * 10;
const args = ['node_modules/@playwright/test/cli.js', 'test', '-x', '--reporter=dot', '--trace=off'];
if (groups !== ALL) args.push(...groups.map((g) => `--project=${g}`));
const run = spawnSync(process.execPath, args, {
  cwd: sandbox,
  stdio: process.env.MUTATE_VERBOSE ? 'inherit' : 'ignore',
  env: {
    ...process.env,
    ADMIN_PORT: String(base),
    MCP_PORT: String(base + 1),
    ROUTER_PORT: String(base + 2),
    SMOKE_ARTIFACTS_DIR: path.join(sandbox, '.mutant-artifacts', String(worker)),
    SMOKE_DB: db,
    FORCE_COLOR: '0',
  },
});
process.exit(run.status ?? 1);
