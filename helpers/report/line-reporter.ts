/**
 * Streams one line per check as it lands, then counts per group, wall time and the slowest
 * checks. Every line passes through redaction (secrets registry + credential patterns), because
 * stdout cannot be rewritten afterwards. Hooks never throw: Playwright would swallow the error.
 */
import { runAbortReason, skipEveryCheckIfNothingCanRun } from '../run/run-outcome.js';
import type { FullConfig, FullResult, Suite, TestCase, TestError } from '@playwright/test/reporter';
import type { CheckRecord } from './check-record.js';
import { CollectingReporter } from './collecting-reporter.js';
import { formatCheckLine, formatListLine, formatSummary } from './line-format.js';
import { isListMode } from './list-mode.js';
import path from 'node:path';
import { ROOT } from '../run/paths.js';
import { LiveRedactor } from '../redact/live-redactor.js';

export default class LineReporter extends CollectingReporter {
  private readonly redactor = new LiveRedactor();
  private readonly listing = isListMode();

  constructor() {
    super('line-reporter');
  }

  override printsToStdio(): boolean {
    return true;
  }

  private out(line: string, stream: NodeJS.WriteStream = process.stdout): void {
    stream.write(this.redactor.redact(line) + '\n');
  }

  override onBegin(config: FullConfig, suite: Suite): void {
    this.guard('onBegin', () => {
      if (this.listing) return this.list(config, suite);
      this.collector.begin(config, suite);
      const groups = new Set(suite.allTests().map((t) => t.parent.project()?.name));
      const layout = config.metadata.layout ? ` (${config.metadata.layout})` : '';
      this.out(
        `engram smoke: ${suite.allTests().length} checks in ${groups.size} groups, ${config.workers} workers${layout}, node ${process.version}`,
      );
      skipEveryCheckIfNothingCanRun(suite);
    });
  }

  /** --list: every check by the name that selects it, where it is, its tags. Nothing runs. */
  private list(config: FullConfig, suite: Suite): void {
    const order = (config.metadata?.groupOrder as string[] | undefined) ?? [];
    const rank = (g: string) => (order.includes(g) ? order.indexOf(g) : order.length);
    const tests = suite.allTests().map((t) => ({
      group: t.parent.project()?.name ?? 'unknown',
      name: t.title,
      file: path.relative(ROOT, t.location.file),
      line: t.location.line,
      tags: t.tags,
    }));
    tests.sort((a, b) => rank(a.group) - rank(b.group));
    for (const t of tests) this.out(formatListLine(t));
    const groups = new Set(tests.map((t) => t.group));
    this.out(
      `${tests.length} checks in ${groups.size} groups (listed, nothing run; run one with npm run smoke -- <name>)`,
    );
  }

  protected override checkEnded(record: CheckRecord): void {
    this.out(formatCheckLine(record));
  }

  onStdOut(chunk: string | Buffer, test?: TestCase): void {
    this.guard('onStdOut', () => this.passThrough(chunk, test, process.stdout));
  }

  onStdErr(chunk: string | Buffer, test?: TestCase): void {
    this.guard('onStdErr', () => this.passThrough(chunk, test, process.stderr));
  }

  private passThrough(chunk: string | Buffer, test: TestCase | undefined, stream: NodeJS.WriteStream): void {
    const text = chunk.toString().replace(/\n$/, '');
    const prefix = test ? `  | ${test.parent.project()?.name}.${test.title}: ` : '';
    for (const line of text.split('\n')) this.out(prefix + line, stream);
  }

  onError(error: TestError): void {
    this.guard('onError', () => {
      const text = (error.message ?? error.value ?? 'unknown error').replace(/\u001b\[[0-9;]*m/g, '');
      this.out(`[error] ${text.split(/\n\s*Call log:/)[0]!.trim()}`, process.stderr);
    });
  }

  onEnd(result: FullResult): Promise<{ status?: FullResult['status'] } | undefined> {
    if (this.listing) return Promise.resolve(undefined);
    // Every check skipped because the target is unreachable: the run must still fail.
    const aborted = runAbortReason() ? { status: 'failed' as const } : undefined;
    this.guard('onEnd', () => {
      for (const record of this.collector.finish(result)) this.out(formatCheckLine(record));
      if (result.status === 'timedout') {
        const never = this.collector.records.filter((r) =>
          r.detail.startsWith('not run: global timeout'),
        ).length;
        this.out(
          `global timeout hit: the run was stopped at its ${Math.round(result.duration / 1000)}s ceiling; ${never} checks never ran`,
        );
      }
      if (result.status === 'interrupted') this.out('run interrupted');
      const ceilingS = Math.round((this.collector.globalTimeoutMs || 60_000) / 1000);
      for (const line of formatSummary(
        this.collector.records,
        result.duration,
        this.collector.groupOrder,
        result.status,
        ceilingS,
        runAbortReason(),
      ))
        this.out(line);
    });
    return Promise.resolve(aborted);
  }
}
