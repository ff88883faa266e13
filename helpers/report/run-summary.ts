/** Per-group figures of a run, shared by the CI summary and the history record. Pure. */
import type { CheckRecord, Outcome } from './check-record.js';

export interface GroupFigures {
  group: string;
  ok: number;
  err: number;
  skip: number;
  /** First check's start to last check's end: how long the group held the run. 0 when none ran. */
  wall_ms: number;
}

export function groupFigures(
  records: readonly CheckRecord[],
  groupOrder: readonly string[] = [],
): GroupFigures[] {
  const by = new Map<string, GroupFigures & { start: number; end: number }>();
  for (const r of records) {
    const g = by.get(r.group) ?? {
      group: r.group,
      ok: 0,
      err: 0,
      skip: 0,
      wall_ms: 0,
      start: Infinity,
      end: 0,
    };
    g[r.outcome satisfies Outcome]++;
    if (r.started_ms > 0) {
      g.start = Math.min(g.start, r.started_ms);
      g.end = Math.max(g.end, r.started_ms + r.duration_ms);
    }
    by.set(r.group, g);
  }
  const order = [
    ...groupOrder.filter((g) => by.has(g)),
    ...[...by.keys()].filter((g) => !groupOrder.includes(g)),
  ];
  return order.map((name) => {
    const { start, end, ...g } = by.get(name)!;
    return { ...g, wall_ms: end > 0 ? Math.round(end - start) : 0 };
  });
}
