/**
 * What every check-reading reporter repeats: a CheckCollector fed by Playwright's hooks, and
 * hooks that never throw (Playwright would swallow the error). A subclass adds what it does
 * with a finished check (`checkEnded`) and at the end (`onEnd`).
 */
import type { FullConfig, Reporter, Suite, TestCase, TestResult } from '@playwright/test/reporter';
import { CheckCollector } from './check-collector.js';
import type { CheckRecord } from './check-record.js';

export abstract class CollectingReporter implements Reporter {
  protected readonly collector = new CheckCollector();

  /** `tag` prefixes a failed hook's message; an inactive reporter's hooks do nothing. */
  constructor(
    private readonly tag: string,
    protected readonly active = true,
  ) {}

  printsToStdio(): boolean {
    return false;
  }

  protected guard(hook: string, fn: () => void): void {
    if (!this.active) return;
    try {
      fn();
    } catch (e) {
      process.stderr.write(`${this.tag}: ${hook} failed: ${(e as Error).message}\n`);
    }
  }

  onBegin(config: FullConfig, suite: Suite): void {
    this.guard('onBegin', () => this.collector.begin(config, suite));
  }

  onTestBegin(test: TestCase): void {
    this.guard('onTestBegin', () => this.collector.testBegin(test));
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    this.guard('onTestEnd', () => {
      const record = this.collector.testEnd(test, result);
      if (record) this.checkEnded(record, test, result);
    });
  }

  /** A check finished (its record is in the collector). */
  protected checkEnded(_record: CheckRecord, _test: TestCase, _result: TestResult): void {}
}
