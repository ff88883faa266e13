// Which smoke groups reach which service file, measured: each group runs alone against the
// reference service with V8 coverage on, and every function of the bundle that ran more often than
// when the service only booted is traced back through the build's source map to its file in
// service/. The mutation command runs, for a mutant,
// only the groups that reach its file. Written to scripts/mutate/groups-by-file.json.
//
//   npm run mutate -- --measure
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';
import { GROUPS } from '../../helpers/run/groups.js';
import { READY_LINE } from '../../helpers/run/fake-provider-env.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
export const GROUPS_BY_FILE = path.join(root, 'scripts/mutate/groups-by-file.json');

interface V8Function {
  functionName: string;
  isBlockCoverage: boolean;
  ranges: Array<{ startOffset: number; endOffset: number; count: number }>;
}
interface V8Script {
  url: string;
  functions: V8Function[];
}

/** How often each function of the service bundle ran, by `<chunk>@<offset>`, over one run's processes. */
function functionCounts(coverageDir: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const f of fs.readdirSync(coverageDir)) {
    const { result } = JSON.parse(fs.readFileSync(path.join(coverageDir, f), 'utf8')) as {
      result: V8Script[];
    };
    for (const script of result) {
      if (!script.url.includes('/.build/service/')) continue;
      for (const fn of script.functions) {
        const r = fn.ranges[0];
        // The chunk's own top level runs at load: not a sign that any request reached a file.
        if (!r || r.count === 0 || r.startOffset === 0) continue;
        const key = `${fileURLToPath(script.url)}@${r.startOffset}`;
        counts.set(key, (counts.get(key) ?? 0) + r.count);
      }
    }
  }
  return counts;
}

/** The service files with a function that ran more often than when the service only booted. */
function filesReached(run: Map<string, number>, boot: Map<string, number>): Set<string> {
  const reached = new Set<string>();
  const maps = new Map<string, { map: SourceMap; lineStarts: number[] } | null>();
  for (const [key, count] of run) {
    if (count <= (boot.get(key) ?? 0)) continue;
    const at = key.lastIndexOf('@');
    const file = key.slice(0, at);
    const offset = Number(key.slice(at + 1));
    if (!maps.has(file)) maps.set(file, load(file));
    const m = maps.get(file);
    if (!m) continue;
    const line = upperBound(m.lineStarts, offset) - 1;
    const entry = m.map.findEntry(line, offset - m.lineStarts[line]!) as { originalSource?: string };
    const src = entry.originalSource ? sourcePath(entry.originalSource, file) : null;
    if (src?.startsWith('service/')) reached.add(src);
  }
  return reached;
}

/** Boot the service alone (factories run, routes mount) and stop it: the baseline counts. */
async function bootCounts(): Promise<Map<string, number>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'engram-cov-boot-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/serve-fresh.ts'], {
    cwd: root,
    env: { ...process.env, NODE_V8_COVERAGE: dir, ADMIN_PORT: '4190', MCP_PORT: '4191', ROUTER_PORT: '4192' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (READY_LINE.test(out)) resolve();
    });
    child.on('exit', (code) => reject(new Error(`the service exited ${code} before it was ready`)));
  });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  child.kill('SIGTERM');
  await exited;
  const counts = functionCounts(dir);
  fs.rmSync(dir, { recursive: true, force: true });
  return counts;
}

function load(file: string): { map: SourceMap; lineStarts: number[] } | null {
  const mapFile = `${file}.map`;
  if (!fs.existsSync(mapFile)) return null;
  const text = fs.readFileSync(file, 'utf8');
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lineStarts.push(i + 1);
  return { map: new SourceMap(JSON.parse(fs.readFileSync(mapFile, 'utf8'))), lineStarts };
}

function upperBound(sorted: number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function sourcePath(source: string, generated: string): string {
  const abs = source.startsWith('file:')
    ? fileURLToPath(source)
    : path.resolve(path.dirname(generated), source);
  return path.relative(root, abs).split(path.sep).join('/');
}

export async function measure(): Promise<Record<string, string[]>> {
  const byFile: Record<string, string[]> = {};
  const boot = await bootCounts();
  for (const group of GROUPS) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `engram-cov-${group}-`));
    const t0 = Date.now();
    const run = spawnSync(
      process.execPath,
      ['node_modules/@playwright/test/cli.js', 'test', `--project=${group}`, '--reporter=dot'],
      { cwd: root, env: { ...process.env, NODE_V8_COVERAGE: dir, FORCE_COLOR: '0' }, encoding: 'utf8' },
    );
    const files = filesReached(functionCounts(dir), boot);
    fs.rmSync(dir, { recursive: true, force: true });
    console.log(
      `measure: ${group.padEnd(10)} ${files.size} service files in ${((Date.now() - t0) / 1000).toFixed(1)} s${run.status === 0 ? '' : ` (exit ${run.status}: the run was not green)`}`,
    );
    if (run.status !== 0)
      throw new Error(`${group} is not green: measure on a healthy tree\n${run.stdout.slice(-2000)}`);
    for (const f of files) (byFile[f] ??= []).push(group);
  }
  const sorted = Object.fromEntries(Object.entries(byFile).sort(([a], [b]) => a.localeCompare(b)));
  fs.writeFileSync(GROUPS_BY_FILE, `${JSON.stringify(sorted, null, 2)}\n`);
  return sorted;
}
