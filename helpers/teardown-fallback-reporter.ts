/**
 * When Playwright's globalTimeout fires it gives global teardown no time at all (its teardown
 * runner races the same, already expired, deadline). onEnd always runs: clean up from here.
 */
import type { FullResult, Reporter } from '@playwright/test/reporter';
import { isListMode } from './list-mode.js';
import { runTeardown } from './teardown.js';

export default class TeardownFallbackReporter implements Reporter {
  printsToStdio(): boolean {
    return false;
  }

  async onEnd(result: FullResult): Promise<void> {
    if (isListMode()) return; // nothing ran; a crashed run's ledger waits for the next real run
    try {
      await runTeardown(result.status === 'timedout' ? ' (after global timeout)' : ' (fallback)');
    } catch (e) {
      process.stderr.write(`teardown fallback failed: ${(e as Error).message}\n`);
    }
  }
}
