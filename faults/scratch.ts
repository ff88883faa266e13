// Scratch copies of the tree for fault runs: a pristine base once, then a cheap copy per run.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';

const SKIP = new Set([
  'node_modules',
  '.git',
  '.faults',
  '.build',
  'reports',
  'playwright-report',
  'test-results',
  '.data',
  'allure-results',
]);

export function prepareBase(root: string, work: string): string {
  const base = path.join(work, 'base');
  fs.mkdirSync(base, { recursive: true });
  for (const entry of fs.readdirSync(root)) {
    if (SKIP.has(entry) || entry === '.env') continue;
    fs.cpSync(path.join(root, entry), path.join(base, entry), { recursive: true });
  }
  return base;
}

export function scratchCopy(base: string, dir: string): string {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.cpSync(base, dir, { recursive: true });
  // Share the installed packages; the scratch copy only differs in its sources.
  // base is <root>/.faults/<pid>/base, so the tree's node_modules is three levels up.
  fs.symlinkSync(path.join(base, '..', '..', '..', 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}

export function applyPatch(dir: string, patchFile: string): { ok: true } | { ok: false; error: string } {
  // The scratch dir lives inside the repo (.faults/): without a ceiling, git would find the repo
  // above it, treat dir as a subdirectory and silently skip every path of the patch (service/...
  // is "outside" the cwd), so --check passes and nothing is applied.
  const opts = {
    cwd: dir,
    encoding: 'utf8' as const,
    env: { ...process.env, GIT_CEILING_DIRECTORIES: path.dirname(dir) },
  };
  const check = spawnSync('git', ['apply', '--check', patchFile], opts);
  if (check.status !== 0) return { ok: false, error: (check.stderr || check.stdout).trim().split('\n')[0] };
  const apply = spawnSync('git', ['apply', patchFile], opts);
  if (apply.status !== 0) return { ok: false, error: apply.stderr.trim().split('\n')[0] };
  return { ok: true };
}
