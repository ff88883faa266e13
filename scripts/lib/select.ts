// `npm run smoke -- <names>`: the names the line reporter prints (`mcp.query.marker.present`) and
// group names (`mcp`) become Playwright arguments; every other argument passes through unchanged.
// Tested in spec/smoke/select.test.ts.
import { TAKES_VALUE } from '../../helpers/run/mcp-after-oauth.js';

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export type Selection =
  { ok: true; args: string[]; projects: string[]; names: string[] } | { ok: false; error: string };

/** A file filter or location (tests/mcp/x.spec.ts:12) is Playwright's; a dotted word is ours. */
const looksLikeName = (a: string): boolean =>
  /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/.test(a) && !/\.(ts|js)$/.test(a);

export function selectionArgs(argv: readonly string[], groups: readonly string[]): Selection {
  const pass: string[] = [];
  const projects: string[] = [];
  const names: string[] = [];
  const patterns: string[] = [];
  let userGrep = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith('-')) {
      pass.push(a);
      if (/^(-g|--grep)(=|$)/.test(a)) userGrep = true;
      if (TAKES_VALUE.has(a) && i + 1 < argv.length) pass.push(argv[++i]!);
      continue;
    }
    if (!looksLikeName(a)) {
      pass.push(a);
      continue;
    }
    const [group, ...rest] = a.split('.');
    if (!groups.includes(group!))
      return { ok: false, error: `unknown group "${group}" in "${a}" (groups: ${groups.join(', ')})` };
    if (!projects.includes(group!)) projects.push(group!);
    names.push(a);
    // Playwright greps "<project> <file> <title> <tags>": anchor the project, match the whole title.
    patterns.push(
      rest.length
        ? `(^|\\s)${escapeRe(group!)}\\s.*\\s${escapeRe(rest.join('.'))}(\\s|$)`
        : `(^|\\s)${escapeRe(group!)}\\s`,
    );
  }
  const byName = names.some((n) => n.includes('.'));
  if (byName && userGrep) return { ok: false, error: 'select by check names or by --grep, not both' };
  // The mcp group selects oauth too: it runs first either way (mcp needs its token), and named
  // together no oauth red holds an mcp check back (helpers/run/mcp-after-oauth.ts).
  if (!byName && projects.includes('mcp') && !projects.includes('oauth')) projects.unshift('oauth');
  const args = [
    ...projects.map((p) => `--project=${p}`),
    ...(byName ? [`--grep=${patterns.join('|')}`] : []),
    ...pass,
  ];
  return { ok: true, args, projects, names };
}
