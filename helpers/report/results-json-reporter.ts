/** Writes reports/smoke-results.json: one record per check plus run metadata. */
import fs from 'node:fs';
import path from 'node:path';
import type { FullResult } from '@playwright/test/reporter';
import { CollectingReporter } from './collecting-reporter.js';
import { smokeEnv } from '../run/env.js';
import { isListMode } from './list-mode.js';
import { paths } from '../run/paths.js';
import { readSignups } from '../run/signups.js';

export default class ResultsJsonReporter extends CollectingReporter {
  private startedAt = new Date();

  constructor() {
    super('results-json');
  }

  onEnd(result: FullResult): void {
    if (isListMode()) return; // a listing must not overwrite the last run's results
    this.guard('onEnd', () => {
      this.startedAt = result.startTime;
      this.collector.finish(result);
      const env = smokeEnv();
      // Accounts this run made on the target (at most 2; 0 with a standing account).
      const signups = readSignups();
      const doc = {
        run: {
          started_at: this.startedAt.toISOString(),
          wall_ms: Math.round(result.duration),
          status: result.status,
          mode: env.mode,
          db: env.mode === 'local' ? env.db : null,
          target: env.urls,
          signups: signups.length,
          signups_by: signups,
        },
        checks: this.collector.records.map(
          ({ group, name, outcome, flaky, status, detail, duration_ms, started_ms, warning }) => ({
            group,
            name,
            outcome,
            ...(flaky ? { flaky } : {}),
            ...(warning ? { warning } : {}),
            status: /^\d+$/.test(status) ? Number(status) : status,
            detail,
            duration_ms,
            // Offset from the run's start, for timelines (bench); null when the check never ran.
            start_ms: started_ms ? started_ms - this.startedAt.getTime() : null,
          }),
        ),
      };
      fs.mkdirSync(path.dirname(paths.resultsJson), { recursive: true });
      fs.writeFileSync(paths.resultsJson, JSON.stringify(doc, null, 2) + '\n');
    });
  }
}
