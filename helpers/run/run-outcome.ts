/**
 * What global setup tells the reporters and teardown of the runner process: why no check can run
 * (an unreachable or failing target, provisioning that failed), and the provisioning still under
 * way (Ctrl-C can start teardown while setup is minting credentials). Module state, not the
 * environment or globalThis: Playwright loads setup, teardown and reporters into the runner's one
 * module registry. Workers learn the same from the run state file (helpers/run/run-state.ts).
 */
import type { Suite } from '@playwright/test/reporter';

let abortReason: string | null = null;
let nothingCanRun = false;
let provisioning: Promise<unknown> | null = null;

/**
 * The run is RED for this reason. `nothingCanRun` (an unreachable or failing target): every check
 * is reported "not run" before any starts; else (provisioning failed) the checks that need no
 * tenant still run.
 */
export function abortRun(why: string, opts: { nothingCanRun: boolean }): void {
  abortReason = why;
  nothingCanRun = opts.nothingCanRun;
}

export const runAbortReason = (): string | null => abortReason;

/**
 * Marks every check of an aborted run skipped before any worker starts, with the reason. A check
 * skipped before the run is Playwright's static skip (`test.skip(title, ...)`): the dispatcher
 * reports it at once without a worker. Without this ~20 workers start only to skip their checks:
 * ~14 s of a 2-core machine against a 500-everywhere target. Called from the line reporter's
 * onBegin (after global setup, before the checks are dispatched).
 */
export function skipEveryCheckIfNothingCanRun(suite: Suite): void {
  if (!nothingCanRun || !abortReason) return;
  const why = abortReason;
  for (const t of suite.allTests()) {
    t.expectedStatus = 'skipped';
    t.annotations.push({ type: 'skip', description: `not run: ${why}` });
  }
}

/** Global setup's provisioning, for a teardown that starts before it ends. */
export function provisioningStarted<T>(run: Promise<T>): Promise<T> {
  provisioning = run;
  return run;
}

/** Waits for provisioning to settle, at most `maxMs`; resolves at once when none started. */
export async function provisioningSettled(maxMs: number): Promise<void> {
  if (!provisioning) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    provisioning.catch(() => undefined),
    new Promise((r) => (timer = setTimeout(r, maxMs))),
  ]);
  clearTimeout(timer);
}
