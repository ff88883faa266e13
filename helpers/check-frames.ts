/**
 * Stack frames of the smoke's plumbing (helpers/, node_modules, Node internals) versus the
 * check's own (tests/, or a spec's fixture checks). Failures and exchange steps are attributed to
 * the first frame that is not plumbing, the way expect() hides its own frames, so the HTML
 * report's code frame and a CI annotation show the line in tests/ that asserted.
 */
import path from 'node:path';
import { ROOT } from './run/paths.js';

export interface Frame {
  file: string;
  line: number;
  column: number;
}

const HELPERS = path.join(ROOT, 'helpers') + path.sep;

/** `    at fn (/abs/file.ts:12:5)` or `    at /abs/file.ts:12:5` (async frames included). */
export function parseFrame(line: string): Frame | undefined {
  const m =
    /^\s*at (?:async )?(?:.*? \()?((?:file:\/\/)?\/[^()]*?|[A-Za-z]:\\[^()]*?):(\d+):(\d+)\)?\s*$/.exec(line);
  if (!m) return undefined;
  const file = m[1]!.startsWith('file://') ? decodeURIComponent(m[1]!.slice(7)) : m[1]!;
  return { file, line: Number(m[2]), column: Number(m[3]) };
}

export function isPlumbing(file: string, helpersDir: string = HELPERS): boolean {
  return (
    file.startsWith(helpersDir) ||
    /[\\/]node_modules[\\/]/.test(file) ||
    file.startsWith('node:') ||
    !path.isAbsolute(file)
  );
}

/**
 * The stack without the plumbing frames above the first check frame; unchanged when no check
 * frame is on it (an error raised in setup: the helper line is then the best there is).
 */
export function trimPlumbing(stack: string, helpersDir: string = HELPERS): string {
  const lines = stack.split('\n');
  const first = lines.findIndex((l) => /^\s*at /.test(l));
  if (first < 0) return stack;
  const keepFrom = lines.findIndex((l, i) => {
    if (i < first) return false;
    const f = parseFrame(l);
    return !!f && !isPlumbing(f.file, helpersDir);
  });
  if (keepFrom < 0) return stack;
  return [...lines.slice(0, first), ...lines.slice(keepFrom)].join('\n');
}

/** Where the running check called into the plumbing from: a step's location. */
export function checkFrame(): Frame | undefined {
  const stack = new Error().stack ?? '';
  for (const line of stack.split('\n')) {
    const f = parseFrame(line);
    if (f && !isPlumbing(f.file)) return f;
  }
  return undefined;
}
