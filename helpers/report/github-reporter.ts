/**
 * Under GitHub Actions (GITHUB_ACTIONS=true): each failing check becomes an error annotation on
 * the line in tests/ that failed, and $GITHUB_STEP_SUMMARY gets the run's tables. Does nothing
 * elsewhere and in --list. Output passes through redaction like every line the smoke prints.
 */
import { runAbortReason } from '../run/run-outcome.js';
import fs from 'node:fs';
import path from 'node:path';
import type { FullResult, TestCase, TestResult } from '@playwright/test/reporter';
import type { CheckRecord } from './check-record.js';
import { CollectingReporter } from './collecting-reporter.js';
import { smokeEnv } from '../run/env.js';
import { formatAnnotation, formatStepSummary, type Located } from './github-format.js';
import { formatVerdict } from './line-format.js';
import { isListMode } from './list-mode.js';
import { LiveRedactor } from '../redact/live-redactor.js';
import { ROOT } from '../run/paths.js';

// The line reporter owns the terminal; annotations are extra lines.
export default class GithubReporter extends CollectingReporter {
  private readonly redactor = new LiveRedactor();
  private readonly where = new Map<string, { file: string; line: number }>();

  constructor() {
    super('github-reporter', process.env.GITHUB_ACTIONS === 'true' && !isListMode());
  }

  protected override checkEnded(record: CheckRecord, test: TestCase, result: TestResult): void {
    // The failing line (CheckFailure and expect point into tests/), else the check's declaration.
    const at = result.errors.find((e) => e.location)?.location ?? test.location;
    const inRepo = at.file.startsWith(ROOT + path.sep) ? at : test.location;
    this.where.set(`${record.group}.${record.name}`, {
      file: path.relative(ROOT, inRepo.file),
      line: inRepo.line,
    });
  }

  onEnd(result: FullResult): void {
    this.guard('onEnd', () => {
      this.collector.finish(result);
      const records: Located[] = this.collector.records.map((r) => ({
        ...r,
        ...this.where.get(`${r.group}.${r.name}`),
      }));
      for (const r of records)
        if (r.outcome === 'err') process.stdout.write(this.redactor.redact(formatAnnotation(r)) + '\n');
      const file = process.env.GITHUB_STEP_SUMMARY;
      if (!file) return;
      const md = formatStepSummary({
        records,
        wallMs: result.duration,
        groupOrder: this.collector.groupOrder,
        verdict: formatVerdict(records, result.status, smokeEnv().ceilingS, runAbortReason()),
        target: smokeEnv().urls.admin,
      });
      fs.appendFileSync(file, this.redactor.redact(md));
    });
  }
}
