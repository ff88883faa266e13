// reports/history.html from reports/history.jsonl: wall time and per-group durations over the
// last runs as inline SVG (no external assets), and the checks whose latency grew.
// Pure; tested in spec/smoke/history.test.ts.
import type { HistoryRecord } from '../../helpers/report/history.js';

export interface Growth {
  name: string;
  before_ms: number;
  now_ms: number;
  ratio: number;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/**
 * Checks slower in the recent runs than before: median of the last `recent` runs against the
 * median of up to `baseline` runs before them. Medians, so one noisy run moves nothing.
 */
export function latencyGrowth(
  runs: readonly HistoryRecord[],
  opts: { recent?: number; baseline?: number; minRatio?: number; minDeltaMs?: number } = {},
): Growth[] {
  const recentN = Math.min(opts.recent ?? 3, Math.floor(runs.length / 2));
  if (recentN < 1) return [];
  const recent = runs.slice(-recentN);
  const before = runs.slice(0, -recentN).slice(-(opts.baseline ?? 10));
  const names = new Set(recent.flatMap((r) => Object.keys(r.checks)));
  const out: Growth[] = [];
  for (const name of names) {
    const now = recent.map((r) => r.checks[name]).filter((x): x is number => typeof x === 'number');
    const then = before.map((r) => r.checks[name]).filter((x): x is number => typeof x === 'number');
    if (!now.length || !then.length) continue;
    const nowMs = median(now);
    const beforeMs = median(then);
    const ratio = nowMs / Math.max(beforeMs, 1);
    if (ratio >= (opts.minRatio ?? 1.5) && nowMs - beforeMs >= (opts.minDeltaMs ?? 50))
      out.push({
        name,
        before_ms: Math.round(beforeMs),
        now_ms: Math.round(nowMs),
        ratio: Math.round(ratio * 100) / 100,
      });
  }
  return out.sort((a, b) => b.now_ms - b.before_ms - (a.now_ms - a.before_ms));
}

export const escapeHtml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const PALETTE = [
  '#1f77b4',
  '#ff7f0e',
  '#2ca02c',
  '#d62728',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#7f7f7f',
  '#bcbd22',
  '#17becf',
  '#393b79',
  '#ad494a',
  '#637939',
];

export interface Series {
  name: string;
  color: string;
  /** One value per run (ms); null where the run had no such series (the group did not run). */
  values: Array<number | null>;
}

/** A line chart of ms over runs: y gridlines in seconds, a dot per value with a tooltip, a legend when there are several series. */
export function lineChart(args: {
  title: string;
  runs: readonly HistoryRecord[];
  series: readonly Series[];
  width?: number;
  height?: number;
  failed?: readonly boolean[];
  /** Runs of a subset of the groups: drawn hollow, they are not comparable with whole runs. */
  partial?: readonly boolean[];
}): string {
  const W = args.width ?? 760;
  const H = args.height ?? 240;
  const legendW = args.series.length > 1 ? 130 : 0;
  const pad = { l: 48, r: 12 + legendW, t: 12, b: 28 };
  const all = args.series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const maxMs = Math.max(1000, ...all);
  const stepS = niceStep(maxMs / 1000 / 4);
  const top = Math.ceil(maxMs / 1000 / stepS) * stepS * 1000;
  const n = args.runs.length;
  const x = (i: number) => pad.l + (n <= 1 ? (W - pad.l - pad.r) / 2 : (i * (W - pad.l - pad.r)) / (n - 1));
  const y = (ms: number) => pad.t + (H - pad.t - pad.b) * (1 - ms / top);
  const parts: string[] = [];
  for (let s = 0; s * 1000 <= top + 1e-6; s += stepS) {
    const yy = y(s * 1000).toFixed(1);
    parts.push(
      `<line x1="${pad.l}" x2="${W - pad.r}" y1="${yy}" y2="${yy}" class="grid"/><text x="${pad.l - 6}" y="${yy}" class="ylab">${fmtS(s)}</text>`,
    );
  }
  const labelEvery = Math.max(1, Math.ceil(n / 8));
  args.runs.forEach((r, i) => {
    if (i % labelEvery === 0 || i === n - 1) {
      // The first and last labels hang inward, so the chart's edges do not cut them.
      const anchor = n > 1 && i === 0 ? 'start' : n > 1 && i === n - 1 ? 'end' : 'middle';
      parts.push(
        `<text x="${x(i).toFixed(1)}" y="${H - 8}" class="xlab" text-anchor="${anchor}">${escapeHtml(shortTime(r.at))}</text>`,
      );
    }
  });
  args.series.forEach((s, si) => {
    let path = '';
    s.values.forEach((v, i) => {
      if (v === null) return;
      path += `${path && s.values[i - 1] !== null ? 'L' : 'M'}${x(i).toFixed(1)},${y(v).toFixed(1)}`;
    });
    if (path) parts.push(`<path d="${path}" fill="none" stroke="${s.color}" stroke-width="2"/>`);
    s.values.forEach((v, i) => {
      if (v === null) return;
      const bad = args.failed?.[i];
      const part = args.partial?.[i];
      const color = bad ? '#d62728' : s.color;
      const paint = part ? `fill="#fff" stroke="${color}" stroke-width="2"` : `fill="${color}"`;
      const note = `${bad ? ' · red run' : ''}${part ? ' · partial run' : ''}`;
      parts.push(
        `<circle cx="${x(i).toFixed(1)}" cy="${y(v).toFixed(1)}" r="${bad ? 4.5 : 3.5}" ${paint}><title>${escapeHtml(`${s.name}: ${fmtS(v / 1000)} · run ${args.runs[i]!.at}${note}`)}</title></circle>`,
      );
    });
    if (legendW) {
      const ly = pad.t + 4 + si * 16;
      parts.push(
        `<rect x="${W - legendW + 6}" y="${ly}" width="10" height="10" fill="${s.color}"/><text x="${W - legendW + 22}" y="${ly + 9}" class="leg">${escapeHtml(s.name)}</text>`,
      );
    }
  });
  return `<figure><figcaption>${escapeHtml(args.title)}</figcaption><svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="${escapeHtml(args.title)}">${parts.join('')}</svg></figure>`;
}

function niceStep(raw: number): number {
  for (const s of [0.25, 0.5, 1, 2, 5, 10, 15, 20, 30, 60]) if (s >= raw) return s;
  return Math.ceil(raw / 60) * 60;
}
const fmtS = (s: number): string => `${Number.isInteger(s) ? s : s.toFixed(s < 1 ? 2 : 1)}s`;
const shortTime = (iso: string): string => iso.slice(5, 16).replace('T', ' ');

export function historyHtml(
  all: readonly HistoryRecord[],
  opts: { lastRuns?: number; generatedAt?: string } = {},
): string {
  const runs = all.slice(-(opts.lastRuns ?? 30));
  const groups = [...new Set(runs.flatMap((r) => Object.keys(r.groups)))];
  const last = runs[runs.length - 1];
  const growth = latencyGrowth(runs);
  const mostGroups = Math.max(0, ...runs.map((r) => Object.keys(r.groups).length));
  const body: string[] = [];
  body.push(`<h1>Engram smoke: run history</h1>`);
  if (!last)
    body.push(
      '<p>No runs recorded yet: each smoke run appends one line to <code>reports/history.jsonl</code>.</p>',
    );
  else {
    body.push(
      `<p>${runs.length} run${runs.length === 1 ? '' : 's'} shown (of ${all.length}), ${escapeHtml(shortTime(runs[0]!.at))} to ${escapeHtml(shortTime(last.at))} UTC. ` +
        `Last: <b class="${last.counts.err ? 'red' : 'green'}">${last.counts.err ? `${last.counts.err} err` : 'green'}</b>, ${fmtS(last.wall_ms / 1000)}, ` +
        `${last.counts.ok} ok / ${last.counts.err} err / ${last.counts.skip} skip, ${escapeHtml(last.flavor)} at <code>${escapeHtml(last.target)}</code>.</p>`,
    );
    body.push(
      lineChart({
        title:
          'Wall time per run (red: a run with a failing check; hollow: a run of fewer groups, not comparable)',
        runs,
        series: [{ name: 'wall time', color: '#1f77b4', values: runs.map((r) => r.wall_ms) }],
        failed: runs.map((r) => r.counts.err > 0),
        partial: runs.map((r) => Object.keys(r.groups).length < mostGroups),
      }),
    );
    body.push(
      lineChart({
        title: 'Per-group duration (first check start to last check end)',
        runs,
        height: Math.max(240, 24 + groups.length * 16),
        series: groups.map((g, i) => ({
          name: g,
          color: PALETTE[i % PALETTE.length]!,
          values: runs.map((r) => r.groups[g]?.ms ?? null),
        })),
      }),
    );
    body.push('<h2>Checks whose latency grew</h2>');
    if (runs.length < 2) body.push('<p>Needs at least two runs.</p>');
    else if (!growth.length)
      body.push(
        '<p>None: no check is at least 1.5× and 50 ms slower (median of the last runs against the median of the runs before).</p>',
      );
    else {
      body.push(
        '<p>Median of the last runs against the median of up to 10 runs before them; at least 1.5× and 50 ms slower.</p>',
      );
      body.push('<table><tr><th>check</th><th>before</th><th>now</th><th>×</th></tr>');
      for (const g of growth)
        body.push(
          `<tr><td><code>${escapeHtml(g.name)}</code></td><td>${g.before_ms} ms</td><td>${g.now_ms} ms</td><td>${g.ratio}</td></tr>`,
        );
      body.push('</table>');
    }
    body.push(
      '<h2>Last runs</h2><table><tr><th>started (UTC)</th><th>flavor</th><th>status</th><th>wall</th><th>ok</th><th>err</th><th>skip</th><th>groups</th></tr>',
    );
    for (const r of [...runs].reverse().slice(0, 15))
      body.push(
        `<tr><td>${escapeHtml(r.at.replace('T', ' ').slice(0, 19))}</td><td>${escapeHtml(r.flavor)}</td><td class="${r.counts.err ? 'red' : 'green'}">${escapeHtml(r.status)}</td><td>${fmtS(r.wall_ms / 1000)}</td><td>${r.counts.ok}</td><td>${r.counts.err}</td><td>${r.counts.skip}</td><td>${Object.keys(r.groups).length}</td></tr>`,
      );
    body.push('</table>');
  }
  const css = `body{font:14px/1.45 system-ui,sans-serif;margin:24px;color:#222;max-width:960px}h1{font-size:20px}h2{font-size:16px;margin-top:28px}
figure{margin:16px 0}figcaption{font-weight:600;margin-bottom:4px}svg{background:#fafafa;border:1px solid #ddd}
.grid{stroke:#e3e3e3}.ylab{font-size:11px;text-anchor:end;dominant-baseline:middle;fill:#555}.xlab{font-size:11px;fill:#555}.leg{font-size:11px;fill:#333}
table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:3px 8px;text-align:left}th{background:#f3f3f3}.red{color:#c62828}.green{color:#2e7d32}code{font-size:13px}`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Engram smoke history</title><style>${css}</style></head><body>${body.join('\n')}<p style="color:#777">Generated ${escapeHtml(opts.generatedAt ?? new Date().toISOString())} by npm run report:history.</p></body></html>\n`;
}
