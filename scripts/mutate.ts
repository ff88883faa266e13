// `npm run mutate`: mutation testing of the reference service with the smoke as its test suite
// (StrykerJS, testRunner "command"). Every condition, call, statement and literal of service/ is
// changed, one at a time, and the smoke groups that reach the mutated file run against it: a
// mutant no check notices is a bug class nobody tests. Only human-readable text is left alone
// (scripts/mutate/ignore-messages.mjs). Not part of npm test: a whole folder takes hours here.
//
//   npm run mutate -- --folder service/oauth          every mutant of one folder
//   npm run mutate -- --sample 40 --seed 7            40 random lines of service/: a quick estimate
//   npm run mutate -- --measure                       re-measure which groups reach which file
//
// Results: reports/mutation/<name>.json and .html (Stryker's report), a score per folder and the
// survivors printed at the end; docs/mutation.md keeps the triage.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { measure } from './mutate/measure-groups.js';
import { summarize } from './mutate/summary.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = path.join(root, 'reports', 'mutation');

function option(name: string): string[] {
  const argv = process.argv.slice(2);
  const values: string[] = [];
  argv.forEach((a, i) => {
    if (a === `--${name}` && argv[i + 1]) values.push(argv[i + 1]!);
    else if (a.startsWith(`--${name}=`)) values.push(a.slice(name.length + 3));
  });
  return values;
}

if (process.argv.includes('--measure')) {
  await measure();
  process.exit(0);
}

const folders = option('folder').length ? option('folder') : ['service'];
const sample = Number(option('sample')[0] ?? 0);
const seed = Number(option('seed')[0] ?? Date.now() % 100_000);
const concurrency = Number(option('concurrency')[0] ?? 2);

const files = folders
  .flatMap((f) => walk(path.join(root, f)))
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
  .map((f) => path.relative(root, f).split(path.sep).join('/'))
  .sort();
if (!files.length) {
  console.error(`mutate: no TypeScript files under ${folders.join(', ')}`);
  process.exit(2);
}

function walk(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  if (fs.statSync(dir).isFile()) return [dir];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => walk(path.join(dir, e.name)));
}

/** A line worth mutating: code, not blank, a comment or an import. */
const codeLine = (l: string) => {
  const t = l.trim();
  return t && !/^(\/\/|\/\*|\*|import |export \* from|\}?\)?;?$)/.test(t);
};

/** n random code lines (seeded, so a sample can be run again), as Stryker `file:line-line` ranges. */
function sampleLines(n: number): string[] {
  const lines = files.flatMap((f) =>
    fs
      .readFileSync(path.join(root, f), 'utf8')
      .split('\n')
      .flatMap((l, i) => (codeLine(l) ? [`${f}:${i + 1}-${i + 1}`] : [])),
  );
  let s = seed;
  const rand = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let i = lines.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [lines[i], lines[j]] = [lines[j]!, lines[i]!];
  }
  return lines.slice(0, n);
}

const mutate = sample > 0 ? sampleLines(sample) : files;
const name =
  sample > 0 ? `sample-${sample}-seed-${seed}` : folders.map((f) => f.replace(/\W+/g, '-')).join('+');
fs.mkdirSync(out, { recursive: true });
const config = {
  $schema: './node_modules/@stryker-mutator/core/schema/stryker-schema.json',
  testRunner: 'command',
  commandRunner: { command: `"${process.execPath}" --import tsx scripts/mutate/run-mutant.ts` },
  mutate,
  plugins: ['@stryker-mutator/*', path.join(root, 'scripts/mutate/ignore-messages.mjs')],
  ignorers: ['messages'],
  coverageAnalysis: 'off',
  concurrency,
  // A mutant that hangs the service ends in the smoke's own timeouts first.
  timeoutMS: 90_000,
  reporters: ['progress', 'json', 'html'],
  jsonReporter: { fileName: path.join(out, `${name}.json`) },
  htmlReporter: { fileName: path.join(out, `${name}.html`) },
  tempDirName: '.stryker-tmp',
  ignorePatterns: [
    '.runtime',
    '.build',
    '.data',
    '.faults',
    'reports',
    'playwright-report',
    'test-results',
    'allure-results',
  ],
  disableTypeChecks: 'service/**/*.ts',
};
const configFile = path.join(out, `${name}.stryker.json`);
fs.writeFileSync(configFile, JSON.stringify(config, null, 2));
console.log(
  `mutate: ${sample > 0 ? `${mutate.length} random lines (seed ${seed})` : `${files.length} files`} of ${folders.join(', ')}, ${concurrency} at a time; report reports/mutation/${name}.html`,
);
const run = spawnSync(
  process.execPath,
  [path.join(root, 'node_modules/@stryker-mutator/core/bin/stryker.js'), 'run', configFile],
  {
    cwd: root,
    stdio: 'inherit',
    // The dry run (no mutant active) runs the groups that reach every file under test.
    env: { ...process.env, MUTATE_FILES: JSON.stringify([...new Set(mutate.map((m) => m.split(':')[0]))]) },
  },
);
if (run.status !== 0) process.exit(run.status ?? 1);
summarize(path.join(out, `${name}.json`));
