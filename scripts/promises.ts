// `npm run promises`: reads docs/promises.md and the smoke's check titles (tests/<group>/*.spec.ts),
// prints every promise no check guards (with its reason), and exits non-zero when a promise has
// neither a check nor a reason, or names a check that does not exist.
//
// A promise line:  `- <promise> → <group.check>[, <group.check>...]`  or  `- <promise> → none: <reason>`
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * Every check name: its pattern (`group.title`, a `${...}` in a looped title matching one name
 * part) and its literal title, so a promise may name `errors.not_found.${app}.json_envelope` (all
 * apps) or `errors.not_found.mcp.json_envelope` (one).
 */
export function checkPatterns(testsDir: string): Array<RegExp | string> {
  const out: Array<RegExp | string> = [];
  for (const group of fs.readdirSync(testsDir)) {
    const dir = path.join(testsDir, group);
    if (!fs.statSync(dir).isDirectory()) continue;
    // The group's own files and its standards/ folder (run in both profiles).
    const files = fs
      .readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.spec.ts'));
    for (const file of files) {
      const src = fs.readFileSync(path.join(dir, file), 'utf8');
      for (const m of src.matchAll(/\btest(?:\.\w+)?\(\s*(['"`])((?:(?!\1).)+)\1/g)) {
        out.push(`${group}.${m[2]}`);
        const parts = `${group}.${m[2]}`.split(/\$\{[^}]+\}/);
        out.push(
          new RegExp(`^${parts.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[\\w-]+')}$`),
        );
      }
    }
  }
  return out;
}

export interface Promise_ {
  line: number;
  section: string;
  text: string;
  checks: string[];
  reason: string | null;
}

export function parsePromises(md: string): Promise_[] {
  const out: Promise_[] = [];
  let section = '';
  md.split('\n').forEach((raw, i) => {
    if (/^#{2,3} /.test(raw)) section = raw.replace(/^#+ /, '');
    const m = /^- (.+?)\s+→\s+(.*)$/.exec(raw);
    if (!m) return;
    const rhs = m[2]!.trim();
    const none = /^none(?::\s*(.*))?$/.exec(rhs);
    out.push({
      line: i + 1,
      section,
      text: m[1]!,
      checks: none
        ? []
        : rhs
            .split(/\s*,\s*/)
            .map((c) => c.replace(/`/g, '').trim())
            .filter(Boolean),
      reason: none ? none[1]?.trim() || null : null,
    });
  });
  return out;
}

function main(): number {
  const patterns = checkPatterns(path.join(root, 'tests'));
  const promises = parsePromises(fs.readFileSync(path.join(root, 'docs', 'promises.md'), 'utf8'));
  const exists = (name: string) => patterns.some((p) => (typeof p === 'string' ? p === name : p.test(name)));
  const problems: string[] = [];
  const unguarded = promises.filter((p) => p.checks.length === 0);
  for (const p of promises) {
    if (!p.checks.length && !p.reason) problems.push(`line ${p.line}: no check and no reason: ${p.text}`);
    for (const c of p.checks)
      if (!exists(c)) problems.push(`line ${p.line}: names ${c}, which is no check in tests/`);
  }
  console.log(
    `promises: ${promises.length} listed, ${promises.length - unguarded.length} guarded by a check, ${unguarded.length} without one:`,
  );
  for (const p of unguarded)
    console.log(`  [${p.section}] ${p.text}\n      why: ${p.reason ?? 'NO REASON GIVEN'}`);
  for (const msg of problems) console.error(`promises: ${msg}`);
  if (promises.length === 0) problems.push('docs/promises.md lists no promise');
  console.log(
    problems.length
      ? `promises: ${problems.length} problem(s)`
      : 'promises: every promise has a check or a reason',
  );
  return problems.length ? 1 : 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) process.exit(main());
