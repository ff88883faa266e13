/**
 * Accounts the run made on the target: one line per sign-up the service answered 201 (setup's,
 * and any a check provoked by mistake, e.g. a duplicate the service accepted). The results JSON
 * reports the count as run.signups. A JSON-lines file in the run dir, shared by all processes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { paths } from './paths.js';

const file = (): string => path.join(paths.runDir, 'signups.jsonl');

export function recordSignup(by: string): void {
  fs.mkdirSync(paths.runDir, { recursive: true, mode: 0o700 });
  fs.appendFileSync(file(), JSON.stringify({ by, at: new Date().toISOString() }) + '\n', { mode: 0o600 });
}

/** Who signed up, in order (empty when nothing was). */
export function readSignups(): string[] {
  if (!fs.existsSync(file())) return [];
  return fs
    .readFileSync(file(), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .flatMap((l) => {
      try {
        return [String((JSON.parse(l) as { by: unknown }).by)];
      } catch {
        return ['(torn line)'];
      }
    });
}
