/**
 * Turns Playwright's reporter events into CheckRecords, shared by the line reporter and the
 * results JSON. Knows retries (only the final attempt counts) and checks that never ran.
 */
import type { FullConfig, FullResult, Suite, TestCase, TestResult } from '@playwright/test/reporter';
import { notRunRecord, toRecord, type CheckRecord } from './check-record.js';
import { notRunReason } from './line-format.js';

export class CheckCollector {
  readonly records: CheckRecord[] = [];
  private config?: FullConfig;
  private suite?: Suite;
  private readonly done = new Set<string>();
  private readonly started = new Set<string>();

  begin(config: FullConfig, suite: Suite): void {
    this.config = config;
    this.suite = suite;
  }

  /** The run's ceiling (Playwright's globalTimeout, SMOKE_CEILING_S), in ms. */
  get globalTimeoutMs(): number {
    return this.config?.globalTimeout ?? 0;
  }

  get groupOrder(): string[] {
    // The config schedules projects in its own order; metadata.groupOrder is the reading order.
    const order = this.config?.metadata?.groupOrder;
    if (Array.isArray(order)) return order.map(String);
    return this.config?.projects.map((p) => p.name) ?? [];
  }

  testBegin(test: TestCase): void {
    this.started.add(test.id);
  }

  /** The record to report now, or undefined (a retry follows, it never really ran, or the run already ended). */
  testEnd(test: TestCase, result: TestResult): CheckRecord | undefined {
    if (this.done.has(test.id)) return undefined;
    const final = result.status === 'passed' || result.status === 'skipped' || result.retry >= test.retries;
    if (!final) return undefined;
    const annotations = [...test.annotations, ...(result.annotations ?? [])];
    // A "skip" without a reason and without running is Playwright's way of saying "never ran".
    if (result.status === 'skipped' && !annotations.some((a) => a.type === 'skip' || a.type === 'fixme'))
      return undefined;
    const record = toRecord({
      group: groupOf(test),
      name: test.title,
      status: result.status,
      retry: result.retry,
      duration: result.duration,
      startedMs: result.startTime.getTime(),
      annotations,
      errorMessage: result.errors[0]?.message ?? result.error?.message,
      timeoutMs: test.timeout,
    });
    this.done.add(test.id);
    this.records.push(record);
    return record;
  }

  /** Records for every check that never produced a final result. */
  finish(result: FullResult): CheckRecord[] {
    if (!this.suite) return [];
    const failed = new Set(this.records.filter((r) => r.outcome === 'err').map((r) => r.group));
    const out: CheckRecord[] = [];
    for (const test of this.suite.allTests()) {
      if (this.done.has(test.id)) continue;
      this.done.add(test.id);
      const group = groupOf(test);
      const reason = notRunReason({
        runStatus: result.status,
        globalTimeoutMs: this.config?.globalTimeout ?? 0,
        failedDependencies: this.dependenciesOf(group).filter((d) => failed.has(d)),
      });
      const record = this.started.has(test.id)
        ? {
            ...notRunRecord(group, test.title, reason),
            outcome: 'err' as const,
            detail: `interrupted while running: ${reason}`,
          }
        : notRunRecord(group, test.title, reason);
      this.records.push(record);
      out.push(record);
    }
    return out;
  }

  private dependenciesOf(group: string, seen = new Set<string>()): string[] {
    const deps = this.config?.projects.find((p) => p.name === group)?.dependencies ?? [];
    const all: string[] = [];
    for (const d of deps) {
      if (seen.has(d)) continue;
      seen.add(d);
      all.push(d, ...this.dependenciesOf(d, seen));
    }
    return all;
  }
}

export const groupOf = (test: TestCase): string => test.parent.project()?.name ?? 'unknown';
