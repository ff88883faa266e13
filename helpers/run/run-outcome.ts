/**
 * What global setup tells the reporters and teardown of the runner process: why no check can run
 * (an unreachable or failing target, provisioning that failed), and the provisioning still under
 * way (Ctrl-C can start teardown while setup is minting credentials). Module state, not the
 * environment or globalThis: Playwright loads setup, teardown and reporters into the runner's one
 * module registry. Workers learn the same from the run state file (helpers/run/run-state.ts).
 */
let abortReason: string | null = null;
let provisioning: Promise<unknown> | null = null;

/** No check can run, for this reason: every check reports "not run" and the run is RED. */
export function abortRun(why: string): void {
  abortReason = why;
}

export const runAbortReason = (): string | null => abortReason;

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
