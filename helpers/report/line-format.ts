/** Pure formatting of the smoke's output lines. Tested in spec/smoke/line-format.test.ts. */
import type { CheckRecord, Outcome } from './check-record.js';

export const NAME_WIDTH = 46;
export const STATUS_WIDTH = 5;

export function formatTag(r: Pick<CheckRecord, 'outcome' | 'flaky' | 'warning'>): string {
  if (r.flaky) return '[flaky]';
  if (r.outcome === 'ok' && r.warning) return '[warn]';
  return r.outcome === 'ok' ? '[ok ]' : r.outcome === 'err' ? '[err]' : '[skip]';
}

/** `[ok ] mcp.query.marker_present   200   marker found in answer (1 hit, 47 chars)` */
export function formatCheckLine(r: CheckRecord): string {
  const tag = formatTag(r).padEnd(6);
  const name = `${r.group}.${r.name}`;
  const detail = r.flaky ? `passed on retry: ${r.detail}` : r.detail;
  return `${tag} ${name.padEnd(NAME_WIDTH)} ${r.status.padEnd(STATUS_WIDTH)} ${detail}`.trimEnd();
}

export type GroupCounts = Record<Outcome | 'flaky', number>;

export function countByGroup(records: readonly CheckRecord[]): Map<string, GroupCounts> {
  const out = new Map<string, GroupCounts>();
  for (const r of records) {
    const c = out.get(r.group) ?? { ok: 0, err: 0, skip: 0, flaky: 0 };
    c[r.outcome]++;
    if (r.flaky) c.flaky++;
    out.set(r.group, c);
  }
  return out;
}

export const formatSeconds = (ms: number): string => `${(ms / 1000).toFixed(1)}s`;

export function formatSummary(
  records: readonly CheckRecord[],
  wallMs: number,
  groupOrder: readonly string[] = [],
  runStatus: 'passed' | 'failed' | 'timedout' | 'interrupted' = 'passed',
  ceilingS = 60,
  abortReason: string | null = null,
): string[] {
  const counts = countByGroup(records);
  const groups = [
    ...groupOrder.filter((g) => counts.has(g)),
    ...[...counts.keys()].filter((g) => !groupOrder.includes(g)),
  ];
  const lines = ['', `${'group'.padEnd(10)} ${'ok'.padStart(4)} ${'err'.padStart(4)} ${'skip'.padStart(5)}`];
  const total: GroupCounts = { ok: 0, err: 0, skip: 0, flaky: 0 };
  for (const g of groups) {
    const c = counts.get(g)!;
    for (const k of ['ok', 'err', 'skip', 'flaky'] as const) total[k] += c[k];
    lines.push(
      `${g.padEnd(10)} ${String(c.ok).padStart(4)} ${String(c.err).padStart(4)} ${String(c.skip).padStart(5)}${c.flaky ? `  (${c.flaky} flaky)` : ''}`,
    );
  }
  lines.push(
    `${'total'.padEnd(10)} ${String(total.ok).padStart(4)} ${String(total.err).padStart(4)} ${String(total.skip).padStart(5)}${total.flaky ? `  (${total.flaky} flaky)` : ''}`,
  );
  // A broken SHOULD (standards checks) passes with a warning: listed, never red.
  const warned = records.filter((r) => r.outcome === 'ok' && r.warning);
  if (warned.length)
    lines.push(
      '',
      `warnings (${warned.length}, SHOULD not met):`,
      ...warned.map((r) => `  ${r.group}.${r.name}: ${r.warning}`),
    );
  const slow = formatSlowest(records, 5);
  if (slow.length) lines.push('', 'slowest:', ...slow.map((l) => `  ${l}`));
  lines.push(
    '',
    `${formatVerdict(records, runStatus, ceilingS, abortReason)} · ${records.length} checks in ${formatSeconds(wallMs)}`,
  );
  return lines;
}

/** `GREEN: no check err`, `RED: 2 checks err`, ...: the run's verdict in one phrase. */
export function formatVerdict(
  records: readonly CheckRecord[],
  runStatus: 'passed' | 'failed' | 'timedout' | 'interrupted' = 'passed',
  ceilingS = 60,
  abortReason: string | null = null,
): string {
  const total = {
    err: records.filter((r) => r.outcome === 'err').length,
    skip: records.filter((r) => r.outcome === 'skip').length,
  };
  // An interrupted or timed-out run proves nothing about the checks it never ran: never "GREEN".
  return abortReason
    ? `RED: ${abortReason}`
    : total.err > 0
      ? `RED: ${total.err} check${total.err === 1 ? '' : 's'} err`
      : runStatus === 'interrupted'
        ? `INTERRUPTED: ${total.skip} check${total.skip === 1 ? '' : 's'} not run or skipped`
        : runStatus === 'timedout'
          ? `TIMED OUT: the ${ceilingS}s ceiling was hit`
          : runStatus === 'failed'
            ? 'RED: the run failed outside the checks (see [error] above)'
            : records.length === 0
              ? 'RED: no check ran'
              : 'GREEN: no check err';
}

export function formatSlowest(records: readonly CheckRecord[], n: number): string[] {
  return [...records]
    .filter((r) => r.duration_ms > 0)
    .sort((a, b) => b.duration_ms - a.duration_ms)
    .slice(0, n)
    .map((r) => `${`${r.duration_ms} ms`.padStart(8)}  ${r.group}.${r.name}`);
}

/** Why a check has no result: what the run's end status and the project graph say. */
export function notRunReason(args: {
  runStatus: 'passed' | 'failed' | 'timedout' | 'interrupted';
  globalTimeoutMs: number;
  failedDependencies: readonly string[];
}): string {
  if (args.failedDependencies.length) return `depends on ${args.failedDependencies.join(', ')}, which failed`;
  if (args.runStatus === 'timedout') return `global timeout ${Math.round(args.globalTimeoutMs / 1000)}s hit`;
  if (args.runStatus === 'interrupted') return 'run interrupted';
  return 'never started (see errors above)';
}

/** `--list`: `mcp.query.marker.present   tests/mcp/memories.spec.ts:17   @critical`: the name runs it (npm run smoke -- <name>). */
export function formatListLine(l: {
  group: string;
  name: string;
  file: string;
  line: number;
  tags: readonly string[];
}): string {
  return `${`${l.group}.${l.name}`.padEnd(NAME_WIDTH + 7)} ${`${l.file}:${l.line}`.padEnd(36)} ${l.tags.join(' ')}`.trimEnd();
}
