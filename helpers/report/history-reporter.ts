/** Appends the run's record to reports/history.jsonl (helpers/report/history.ts). Not in --list. */
import fs from 'node:fs';
import path from 'node:path';
import type { FullResult } from '@playwright/test/reporter';
import { CollectingReporter } from './collecting-reporter.js';
import { smokeEnv } from '../run/env.js';
import { historyRecord } from './history.js';
import { isListMode } from './list-mode.js';
import { paths } from '../run/paths.js';

export default class HistoryReporter extends CollectingReporter {
  constructor() {
    super('history', !isListMode());
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
