/** Appends the run's record to reports/history.jsonl (helpers/report/history.ts). Not in --list. */
import fs from 'node:fs';
import path from 'node:path';
import type {
  FullConfig,
  FullResult,
  Reporter,
  Suite,
  TestCase,
  TestResult,
} from '@playwright/test/reporter';
import { CheckCollector } from './check-collector.js';
import { smokeEnv } from '../run/env.js';
import { historyRecord } from './history.js';
import { isListMode } from './list-mode.js';
import { paths } from '../run/paths.js';

export default class HistoryReporter implements Reporter {
  private readonly active = !isListMode();
  private readonly collector = new CheckCollector();

  printsToStdio(): boolean {
    return false;
  }

  private guard(hook: string, fn: () => void): void {
    if (!this.active) return;
    try {
      fn();
    } catch (e) {
      process.stderr.write(`history: ${hook} failed: ${(e as Error).message}\n`);
    }
  }

  onBegin(config: FullConfig, suite: Suite): void {
    this.guard('onBegin', () => this.collector.begin(config, suite));
  }

  onTestBegin(test: TestCase): void {
    this.guard('onTestBegin', () => this.collector.testBegin(test));
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    this.guard('onTestEnd', () => void this.collector.testEnd(test, result));
  }

  onEnd(result: FullResult): void {
    this.guard('onEnd', () => {
      this.collector.finish(result);
      const env = smokeEnv();
      const record = historyRecord({
        records: this.collector.records,
        startedAt: result.startTime,
        wallMs: result.duration,
        status: result.status,
        target: env.urls.admin,
        flavor: env.mode === 'local' ? env.db : 'remote',
        groupOrder: this.collector.groupOrder,
      });
      fs.mkdirSync(path.dirname(paths.history), { recursive: true });
      fs.appendFileSync(paths.history, JSON.stringify(record) + '\n');
    });
  }
}
