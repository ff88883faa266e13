/**
 * How the config ties mcp to oauth. mcp needs oauth's access token, so it runs after oauth; but
 * Playwright skips every test of a project whose dependency had one failing test
 * (microsoft/playwright#26854), which would hide the whole MCP surface behind any oauth red. A
 * teardown project also runs after its setup, and it runs whatever the setup's verdict. So:
 *
 * - `teardown` (a whole run, or `--project` naming both): mcp is oauth's teardown. It still starts
 *   only when oauth has finished; every mcp check runs, and a check that needs the token it could
 *   not get says so itself (`not run: no access token: ...`).
 * - `dependency` (`--project=mcp` without oauth, or a run narrowed by grep or files): mcp depends
 *   on oauth, so oauth runs first (a teardown would not be pulled in by selecting mcp, and a
 *   teardown runs in full even when a grep matched none of its checks). Playwright's rule applies.
 * - `none` (mcp not selected): no tie, so `--project=oauth` does not run mcp too.
 */
export type McpTie = 'teardown' | 'dependency' | 'none';

/** Playwright test options that take the next argument as their value (`playwright test --help`). */
export const TAKES_VALUE = new Set([
  '-c',
  '--config',
  '-g',
  '--grep',
  '-G',
  '--grep-invert',
  '--project',
  '-j',
  '--workers',
  '--reporter',
  '--retries',
  '--repeat-each',
  '--max-failures',
  '--timeout',
  '--output',
  '--shard',
  '--trace',
  '--tsconfig',
  '--global-timeout',
  '--test-list',
  '--test-list-invert',
  '--last-failed-file',
  '--ui-host',
  '--ui-port',
  '--update-source-method',
  '--run-agents',
]);

/** Options that run fewer checks than the selected projects hold. */
const NARROWS =
  /^(-g|--grep|-G|--grep-invert|--last-failed|--only-changed|--test-list|--test-list-invert)(=|$)/;

export interface CliSelection {
  /** The `--project` values (Playwright matches them case-insensitively, `*` as a wildcard); null: none given. */
  projects: string[] | null;
  /** A grep, a file filter or a last-failed/changed/list filter narrows the run. */
  narrowed: boolean;
}

/** What a `playwright test` command line selects. `argv`: the arguments after `test`. */
export function cliSelection(argv: readonly string[]): CliSelection {
  let projects: string[] | null = null;
  let narrowed = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--project' || a.startsWith('--project=')) {
      projects ??= [];
      if (a !== '--project') projects.push(a.slice('--project='.length));
      // Variadic: `--project a b` takes every argument up to the next option.
      else while (i + 1 < argv.length && !argv[i + 1]!.startsWith('-')) projects.push(argv[++i]!);
      continue;
    }
    if (a.startsWith('-')) {
      if (NARROWS.test(a)) narrowed = true;
      if (TAKES_VALUE.has(a)) i++;
      continue;
    }
    narrowed = true; // a file or location filter
  }
  return { projects, narrowed };
}

const matches = (pattern: string, name: string): boolean => {
  const p = pattern.toLocaleLowerCase();
  if (!p.includes('*')) return p === name;
  const re = p.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${re}$`).test(name);
};

export function mcpTie(sel: CliSelection): McpTie {
  const picked = (name: string) => sel.projects === null || sel.projects.some((p) => matches(p, name));
  if (!picked('mcp')) return 'none';
  if (!picked('oauth') || sel.narrowed) return 'dependency';
  return 'teardown';
}

/** The runner's own command line: `node cli.js test <args>`; a worker's argv holds none of them. */
export function runnerArgs(argv: readonly string[] = process.argv): string[] {
  const at = argv.indexOf('test');
  return at >= 0 ? argv.slice(at + 1) : [];
}

/** The oauth and mcp project fields for this command line. */
export function mcpTieFields(tie: McpTie): { oauth: { teardown?: string }; mcp: { dependencies: string[] } } {
  return {
    oauth: tie === 'teardown' ? { teardown: 'mcp' } : {},
    mcp: { dependencies: tie === 'dependency' ? ['oauth'] : [] },
  };
}
