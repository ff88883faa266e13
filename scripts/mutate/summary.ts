// The mutation score per service/ folder, and every survivor with its place and its change, from
// Stryker's JSON report (the mutation-testing-report schema).
import fs from 'node:fs';

interface Mutant {
  mutatorName: string;
  replacement?: string;
  status: string;
  location: { start: { line: number; column: number } };
}
interface Report {
  files: Record<string, { source: string; mutants: Mutant[] }>;
}

const DETECTED = new Set(['Killed', 'Timeout']);
const COUNTED = new Set(['Killed', 'Timeout', 'Survived', 'NoCoverage']);

export interface FolderScore {
  folder: string;
  detected: number;
  counted: number;
}

export function scores(report: Report): FolderScore[] {
  const byFolder = new Map<string, FolderScore>();
  for (const [file, { mutants }] of Object.entries(report.files)) {
    const folder = file.split('/').slice(0, -1).join('/');
    const s = byFolder.get(folder) ?? { folder, detected: 0, counted: 0 };
    for (const m of mutants) {
      if (!COUNTED.has(m.status)) continue;
      s.counted++;
      if (DETECTED.has(m.status)) s.detected++;
    }
    byFolder.set(folder, s);
  }
  return [...byFolder.values()].sort((a, b) => a.folder.localeCompare(b.folder));
}

export function summarize(jsonFile: string): void {
  const report = JSON.parse(fs.readFileSync(jsonFile, 'utf8')) as Report;
  const pct = (s: FolderScore) => (s.counted ? `${((100 * s.detected) / s.counted).toFixed(0)}%` : '-');
  console.log('\nfolder                         killed/counted  score');
  let detected = 0;
  let counted = 0;
  for (const s of scores(report)) {
    detected += s.detected;
    counted += s.counted;
    console.log(`${s.folder.padEnd(30)} ${`${s.detected}/${s.counted}`.padStart(14)}  ${pct(s).padStart(5)}`);
  }
  console.log(
    `${'all'.padEnd(30)} ${`${detected}/${counted}`.padStart(14)}  ${pct({ folder: '', detected, counted }).padStart(5)}`,
  );
  console.log(
    '\nsurvivors (triage each in docs/mutation.md: a check that kills it, or why it is equivalent):',
  );
  for (const [file, { source, mutants }] of Object.entries(report.files)) {
    const lines = source.split('\n');
    for (const m of mutants.filter((x) => x.status === 'Survived' || x.status === 'NoCoverage')) {
      const at = m.location.start;
      const code = (lines[at.line - 1] ?? '').trim().slice(0, 90);
      console.log(
        `  ${file}:${at.line}:${at.column}  ${m.mutatorName} -> ${(m.replacement ?? '').replace(/\s+/g, ' ').slice(0, 60)}\n      ${code}`,
      );
    }
  }
}
