/**
 * GitHub Actions output, pure: workflow-command annotations for failing checks and the markdown
 * job summary. Tested in spec/smoke/github-format.test.ts.
 * @see https://docs.github.com/actions/reference/workflow-commands-for-github-actions
 */
import type { CheckRecord } from './check-record.js';
import { formatSeconds } from './line-format.js';
import { groupFigures } from './run-summary.js';

export interface Located extends CheckRecord {
  /** Repository-relative file and line of the failing assertion (or the check). */
  file?: string;
  line?: number;
}

const escapeData = (s: string): string => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string): string => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** `::error file=tests/mcp/memories.spec.ts,line=150,title=mcp.store.empty.rejected::<detail>` */
export function formatAnnotation(r: Located): string {
  const props = [
    ...(r.file ? [`file=${escapeProperty(r.file)}`] : []),
    ...(r.file && r.line ? [`line=${r.line}`] : []),
    `title=${escapeProperty(`${r.group}.${r.name} (${r.status})`)}`,
  ];
  return `::error ${props.join(',')}::${escapeData(r.detail)}`;
}

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();

export function formatStepSummary(args: {
  records: readonly Located[];
  wallMs: number;
  groupOrder?: readonly string[];
  verdict: string;
  target: string;
  slowest?: number;
}): string {
  const { records } = args;
  const out = [
    `## Engram smoke: ${cell(args.verdict)}`,
    '',
    `${records.length} checks in ${formatSeconds(args.wallMs)} against \`${args.target}\``,
    '',
  ];
  out.push('| group | ok | err | skip | time |', '|---|---:|---:|---:|---:|');
  for (const g of groupFigures(records, args.groupOrder))
    out.push(
      `| ${g.err ? '❌' : '✅'} ${g.group} | ${g.ok} | ${g.err} | ${g.skip} | ${formatSeconds(g.wall_ms)} |`,
    );
  const failing = records.filter((r) => r.outcome === 'err');
  if (failing.length) {
    out.push('', '### Failing checks', '', '| check | where | status | what it saw |', '|---|---|---|---|');
    for (const r of failing)
      out.push(
        `| \`${r.group}.${r.name}\` | ${r.file ? `\`${r.file}${r.line ? `:${r.line}` : ''}\`` : ''} | ${cell(r.status)} | ${cell(r.detail)} |`,
      );
  }
  const slow = [...records]
    .filter((r) => r.duration_ms > 0)
    .sort((a, b) => b.duration_ms - a.duration_ms)
    .slice(0, args.slowest ?? 5);
  if (slow.length) {
    out.push('', '### Slowest checks', '', '| check | ms |', '|---|---:|');
    for (const r of slow) out.push(`| \`${r.group}.${r.name}\` | ${r.duration_ms} |`);
  }
  return out.join('\n') + '\n';
}
