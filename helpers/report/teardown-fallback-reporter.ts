/**
 * When Playwright's globalTimeout fires it gives global teardown no time at all (its teardown
 * runner races the same, already expired, deadline). onEnd always runs: clean up from here.
 */
import type { FullResult, Reporter } from '@playwright/test/reporter';
import { isListMode } from './list-mode.js';
import { runTeardown } from '../run/teardown.js';

export default class TeardownFallbackReporter implements Reporter {
  printsToStdio(): boolean {
    return false;
  }

  async onEnd(result: FullResult): Promise<void> {
    if (isListMode()) return; // nothing ran; a crashed run's ledger waits for the next real run
    try {
      // After a ceiling hit the run must end within seconds: undos not started within 4 s (each request then has its own timeout) are left to the reaper.
      const timedOut = result.status === 'timedout';
      await runTeardown(
        timedOut ? ' (after global timeout)' : ' (fallback)',
        timedOut ? { deadlineMs: 4000 } : {},
      );
    } catch (e) {
      process.stderr.write(`teardown fallback failed: ${(e as Error).message}\n`);
    }
  }
}
