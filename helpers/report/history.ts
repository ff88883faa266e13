/**
 * reports/history.jsonl: one record per run (time, target, flavor, per-group durations, counts,
 * each check's duration), so `npm run report:history` can show a deploy that made something
 * slow. Pure record building here; tested in spec/smoke/history.test.ts.
 */
import type { CheckRecord } from './check-record.js';
import { groupFigures } from './run-summary.js';

export interface HistoryRecord {
  at: string;
  target: string;
  /** sqlite | postgres for the local reference service; remote for a deployment. */
  flavor: string;
  status: string;
  wall_ms: number;
  counts: { ok: number; err: number; skip: number };
  groups: Record<string, { ms: number; ok: number; err: number; skip: number }>;
  /** Duration of every check that ran, by printed name. */
  checks: Record<string, number>;
}

export function historyRecord(args: {
  records: readonly CheckRecord[];
  startedAt: Date;
  wallMs: number;
  status: string;
  target: string;
  flavor: string;
  groupOrder?: readonly string[];
}): HistoryRecord {
  const counts = { ok: 0, err: 0, skip: 0 };
  const checks: Record<string, number> = {};
  for (const r of args.records) {
    counts[r.outcome]++;
    if (r.outcome !== 'skip' && r.duration_ms > 0) checks[`${r.group}.${r.name}`] = r.duration_ms;
  }
  const groups = Object.fromEntries(
    groupFigures(args.records, args.groupOrder).map(({ group, wall_ms, ok, err, skip }) => [
      group,
      { ms: wall_ms, ok, err, skip },
    ]),
  );
  return {
    at: args.startedAt.toISOString(),
    target: args.target,
    flavor: args.flavor,
    status: args.status,
    wall_ms: Math.round(args.wallMs),
    counts,
    groups,
    checks,
  };
}

/** The records of a history file; torn or foreign lines are skipped. */
export function parseHistory(text: string): HistoryRecord[] {
  const out: HistoryRecord[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const r = JSON.parse(line) as Partial<HistoryRecord>;
      if (typeof r.at === 'string' && typeof r.wall_ms === 'number' && r.groups && r.checks && r.counts)
        out.push(r as HistoryRecord);
    } catch {
      // a run killed mid-write: keep the others
    }
  }
  return out;
}
