/**
 * Listed LAST in the config: its onExit runs after every reporter's onEnd (and after global
 * teardown), rewrites every artifact so no secret the run saw survives, then deletes the run
 * dir (state, ledger, secrets registry). playwright-report/trace/ is the static trace viewer: skipped. SMOKE_KEEP_SECRETS_FOR_SCAN=<file> keeps a copy of
 * the registry for the secret-scan test.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Reporter } from '@playwright/test/reporter';
import { readLedger } from '../run/ledger.js';
import { isListMode } from '../report/list-mode.js';
import { artifactDirs, paths } from '../run/paths.js';
import { redactDirs } from './redact-files.js';
import { allSecrets } from './secrets.js';

/** Secret-looking string values in the state file, in case a helper forgot to register one. */
function stateSecrets(): string[] {
  if (!fs.existsSync(paths.state)) return [];
  const out: string[] = [];
  const walk = (v: unknown, key = ''): void => {
    if (typeof v === 'string' && /password|token|key|secret/i.test(key) && v.length >= 4) out.push(v);
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k);
  };
  try {
    walk(JSON.parse(fs.readFileSync(paths.state, 'utf8')));
  } catch {
    // unreadable state: the registry still has everything setup saw
  }
  return out;
}

export default class RedactReporter implements Reporter {
  printsToStdio(): boolean {
    return false;
  }

  async onExit(): Promise<void> {
    if (isListMode()) return; // nothing ran, nothing written: leave the artifacts byte for byte
    try {
      const ledgerSecrets = readLedger().flatMap((e) => (e.secret ? [e.secret] : []));
      const secrets = [...new Set([...allSecrets(), ...stateSecrets(), ...ledgerSecrets])].sort(
        (a, b) => b.length - a.length,
      );
      const started = Date.now();
      const stats = redactDirs(artifactDirs(), secrets, [
        paths.runDir,
        paths.allureReport,
        path.join(paths.html, 'trace'),
      ]);
      const keep = process.env.SMOKE_KEEP_SECRETS_FOR_SCAN;
      if (keep) fs.writeFileSync(keep, JSON.stringify(secrets), { mode: 0o600 });
      fs.rmSync(paths.runDir, { recursive: true, force: true });
      const errors = stats.errors.length ? `, ${stats.errors.length} FAILED: ${stats.errors.join('; ')}` : '';
      process.stdout.write(
        `redact: ${secrets.length} secrets scrubbed from ${stats.files} artifact files (${stats.changed} rewritten) in ${Date.now() - started} ms${errors}\n`,
      );
      if (stats.errors.length) process.exitCode = 1;
    } catch (e) {
      process.stderr.write(`redact: FAILED, artifacts may hold secrets: ${(e as Error).message}\n`);
      process.exitCode = 1;
    }
  }
}
