/**
 * One check at a time changes the second tenant: its plan (webhooks), a key of its own (errors),
 * or reads what those would disturb (admin's fresh-customer counts). The tenant is shared by
 * every worker process, so the lock is a directory in the run dir (mkdir is atomic), holding the
 * owner's pid: a holder that died is noticed and its lock taken over.
 */
import fs from 'node:fs';
import path from 'node:path';
import { CheckFailure } from '../check.js';
import { paths } from './paths.js';

const DIR = () => path.join(paths.runDir, 'second-tenant.lock');
const WAIT_MS = 8_000;

function holder(): number | null {
  try {
    return Number(fs.readFileSync(path.join(DIR(), 'pid'), 'utf8')) || null;
  } catch {
    return null;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Waits for the second tenant, then holds it until the returned release() is called. */
export async function lockSecondTenant(): Promise<() => void> {
  const until = Date.now() + WAIT_MS;
  fs.mkdirSync(paths.runDir, { recursive: true, mode: 0o700 });
  for (;;) {
    try {
      fs.mkdirSync(DIR());
      fs.writeFileSync(path.join(DIR(), 'pid'), String(process.pid));
      return () => fs.rmSync(DIR(), { recursive: true, force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const pid = holder();
    // A lock without a pid is being written right now; one whose process is gone is stale, and
    // so is our own (a worker runs one check at a time: it is a leftover).
    if (pid !== null && (pid === process.pid || !alive(pid)))
      fs.rmSync(DIR(), { recursive: true, force: true });
    if (Date.now() > until)
      throw new CheckFailure(
        `precondition: the second tenant stayed locked by pid ${pid ?? '?'} for ${WAIT_MS} ms`,
      );
    await new Promise((r) => setTimeout(r, 20));
  }
}
