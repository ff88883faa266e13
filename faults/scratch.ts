// Scratch copies of the tree for fault runs: a pristine base once, then a cheap copy per run.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';

const SKIP = new Set(['node_modules', '.git', '.faults', '.build', 'reports', 'playwright-report', 'test-results', '.data', 'allure-results']);

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
  fs.symlinkSync(path.join(base, '..', '..', 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}

export function applyPatch(dir: string, patchFile: string): { ok: true } | { ok: false; error: string } {
  const check = spawnSync('git', ['apply', '--check', patchFile], { cwd: dir, encoding: 'utf8' });
  if (check.status !== 0) return { ok: false, error: (check.stderr || check.stdout).trim().split('\n')[0] };
  const apply = spawnSync('git', ['apply', patchFile], { cwd: dir, encoding: 'utf8' });
  if (apply.status !== 0) return { ok: false, error: apply.stderr.trim().split('\n')[0] };
  return { ok: true };
}
