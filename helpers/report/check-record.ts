/** One check's outcome as the line reporter and the results JSON see it. Pure: plain inputs only. */
export type Outcome = 'ok' | 'err' | 'skip';

export interface CheckRecord {
  group: string;
  name: string;
  outcome: Outcome;
  /** Passed only on a retry: ok for the exit code, printed as [flaky]. */
  flaky: boolean;
  status: string;
  detail: string;
  duration_ms: number;
  /** Epoch ms when the check started (0 when it never ran): bench timelines. */
  started_ms: number;
  /** A SHOULD the target broke (standards checks): the check passed, printed [warn]. */
  warning?: string;
}

export interface AttemptInput {
  group: string;
  name: string;
  status: 'passed' | 'failed' | 'timedOut' | 'skipped' | 'interrupted';
  retry: number;
  duration: number;
  startedMs?: number;
  annotations: ReadonlyArray<{ type: string; description?: string }>;
  errorMessage?: string;
  timeoutMs?: number;
}

const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]/g;

/** The failing assertion in one line: no ANSI, no call log (it lists request headers), no stack. */
export function oneLineError(message: string | undefined, max = 240): string {
  if (!message) return 'failed (no error message)';
  let text = message.replace(ANSI, '');
  text = text.split(/\n\s*Call log:/)[0]!;
  text = text
    .split('\n')
    .filter((l) => !/^\s+at /.test(l))
    .join(' ');
  text = text
    .replace(/^\s*(?:[A-Za-z]*Error|CheckFailure):\s*/, '')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

const annotation = (a: AttemptInput['annotations'], type: string): string | undefined =>
  [...a].reverse().find((x) => x.type === type)?.description;

export function toRecord(a: AttemptInput): CheckRecord {
  const status = annotation(a.annotations, 'smoke.status') ?? '-';
  const base = {
    group: a.group,
    name: a.name,
    status,
    duration_ms: Math.round(a.duration),
    started_ms: a.startedMs ?? 0,
    flaky: false,
  };
  switch (a.status) {
    case 'passed':
      return {
        ...base,
        outcome: 'ok',
        flaky: a.retry > 0,
        detail: annotation(a.annotations, 'smoke.detail') ?? '(no detail recorded)',
        ...(annotation(a.annotations, 'smoke.warning')
          ? { warning: annotation(a.annotations, 'smoke.warning') }
          : {}),
      };
    case 'skipped': {
      const reason = annotation(a.annotations, 'skip') ?? annotation(a.annotations, 'fixme');
      return {
        ...base,
        outcome: 'skip',
        detail: reason ? (/^(skipped|not run)/.test(reason) ? reason : `skipped: ${reason}`) : 'skipped',
      };
    }
    case 'timedOut':
      return {
        ...base,
        outcome: 'err',
        detail: `timed out after ${a.timeoutMs ?? '?'} ms: ${oneLineError(a.errorMessage)}`,
      };
    case 'interrupted':
      return { ...base, outcome: 'err', detail: `interrupted: ${oneLineError(a.errorMessage)}` };
    default:
      return { ...base, outcome: 'err', detail: oneLineError(a.errorMessage) };
  }
}

export function notRunRecord(group: string, name: string, reason: string): CheckRecord {
  return {
    group,
    name,
    outcome: 'skip',
    flaky: false,
    status: '-',
    detail: `not run: ${reason}`,
    duration_ms: 0,
    started_ms: 0,
  };
}
