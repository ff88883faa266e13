/**
 * Error-path assertions shared by the errors, auth, portal and public groups: an API error is
 * JSON (application/json) in the envelope {error:{code,message}}, with the expected code, and
 * never leaks a stack trace, a file path, an exception class or an HTML page.
 */
import type { APIResponse } from '@playwright/test';
import type { Check } from '../check.js';
import { ErrorEnvelope } from '../schemas/index.js';

const LEAKS: Array<[string, RegExp]> = [
  ['a stack frame', /(?:^|\\n|\n)\s*at\s+\S|\bat\s+\S+\s+\([^)]*:\d+:\d+\)/],
  [
    'a file path',
    /(?:\/(?:home|root|work|usr|srv|app|opt|var|tmp)\/[\w.-]+\/|[A-Za-z]:\\\\|node_modules|\.(?:ts|js|mjs|cjs):\d+)/,
  ],
  [
    'an exception class',
    /\b(?:TypeError|ReferenceError|RangeError|SyntaxError|ZodError|SqliteError|DatabaseError|PostgresError)\b/,
  ],
  ['HTML', /<(?:!doctype|html|head|body|pre)\b/i],
];

/** The name of the first leak in an error body, or null. */
export function leakIn(text: string): string | null {
  for (const [what, re] of LEAKS) if (re.test(text)) return what;
  return null;
}

export interface CleanError {
  code: string;
  message: string;
  contentType: string;
  text: string;
}

/**
 * Requires `status`, a JSON content type, the envelope with one of `codes`, and no leak.
 * Returns what was seen, for the detail.
 */
export async function expectCleanError(
  check: Check,
  res: APIResponse,
  status: number,
  codes: string | readonly string[],
): Promise<CleanError> {
  const want = typeof codes === 'string' ? [codes] : codes;
  const body = await check.json(res, status, ErrorEnvelope);
  const where = new URL(res.url()).pathname;
  const contentType = res.headers()['content-type'] ?? '';
  check.that(
    /^application\/json\b/i.test(contentType),
    `${where}: ${status} error with content-type ${contentType || 'none'}, want application/json`,
  );
  check.that(
    want.includes(body.error.code),
    `${where}: ${status} error.code ${body.error.code}, want ${want.join(' or ')}`,
  );
  const text = await res.text();
  const leak = leakIn(text);
  check.that(leak === null, `${where}: ${status} ${body.error.code} body contains ${leak}`);
  return { code: body.error.code, message: body.error.message, contentType, text };
}
