// The fault matrix as JSON and as a small HTML page: faults against groups at a glance.
import fs from 'node:fs';
import path from 'node:path';
import { GROUPS } from '../helpers/run/groups.js';

export interface JobResult {
  id: string;
  flavor: string;
  description: string;
  expect: string[];
  verdict: 'caught' | 'missed' | 'stale' | 'green' | 'red';
  caughtBy: string[];
  missedChecks: string[];
  collateral: string[];
  errs: string[];
  /** Checks held back by another red (Playwright's dependency rule): 0 is the rule. */
  heldBack: string[];
  checks?: number;
  seconds: number;
  note?: string;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function writeReports(dir: string, results: JobResult[], seconds: number): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'faults.json'), JSON.stringify({ seconds, results }, null, 2));
  const rows = results
    .map((r) => {
      const cells = GROUPS.map((g) => {
        const expected = r.expect.some((c) => c.startsWith(`${g}.`));
        const red = r.errs.some((c) => c.startsWith(`${g}.`));
        const cls = expected ? (r.verdict === 'caught' ? 'caught' : 'missed') : red ? 'collateral' : '';
        const mark = expected ? (r.verdict === 'caught' ? '●' : '○') : red ? '·' : '';
        return `<td class="${cls}" title="${esc(r.errs.filter((c) => c.startsWith(`${g}.`)).join('\n'))}">${mark}</td>`;
      }).join('');
      return `<tr class="${r.verdict}"><th title="${esc(r.description)}">${esc(r.id)}</th><td>${r.flavor}</td><td>${r.verdict}</td>${cells}<td>${r.seconds}s</td></tr>`;
    })
    .join('\n');
  const html = `<!doctype html><meta charset="utf-8"><title>engram-smoke fault matrix</title>
<style>body{font:13px system-ui;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 6px;text-align:center}
th{text-align:left;font-weight:normal}.caught{background:#c8f0c8}.missed,.stale,.red{background:#f8c0c0}.collateral{background:#fff2b0}.green{background:#e8f8e8}</style>
<h1>Fault matrix</h1><p>${results.length} runs in ${seconds.toFixed(1)} s. ● expected check went red (caught), ○ expected check stayed green (missed), · collateral red.</p>
<table><tr><th>fault</th><th>flavor</th><th>verdict</th>${GROUPS.map((g) => `<th>${g}</th>`).join('')}<th>time</th></tr>
${rows}</table>`;
  fs.writeFileSync(path.join(dir, 'faults.html'), html);
}
