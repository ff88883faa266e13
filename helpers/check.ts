/**
 * A check records what the line reporter prints: its HTTP status (or `-`) and a specific detail.
 * Both live in test annotations (`smoke.status`, `smoke.detail`), so every reporter sees them.
 *
 *   const res = await api.get('/account/api-keys');
 *   const body = await check.json(res, 200, ApiKeyList);        // records 200, asserts, parses
 *   check.that(body.api_keys.length === 1, `expected 1 key, saw ${body.api_keys.length}`);
 *   check.detail(`1 key listed, prefix ${body.api_keys[0]!.prefix}, no secret field`);
 *
 * Failure messages carry only method, path, status, error code and what you write: never headers
 * or bodies (no toBeOK(): its call log lists the Authorization header).
 */
import type { APIResponse, TestInfo } from '@playwright/test';
import type { z } from 'zod';
import { expectCleanError, type CleanError } from './checks/clean-error.js';
import { trimPlumbing } from './check-frames.js';
import { rememberSecret, SECRET_FIELDS } from './redact/secrets.js';

export const STATUS_ANNOTATION = 'smoke.status';
export const DETAIL_ANNOTATION = 'smoke.detail';

/** Thrown by check helpers; its message is the whole story, one line. Its stack starts at the check's line. */
export class CheckFailure extends Error {
  override name = 'CheckFailure';

  constructor(message: string) {
    super(message);
    this.stack = trimPlumbing(this.stack ?? '');
  }
}

// Authorization codes arrive in a redirect URL, not a body field: OAuth checks call rememberSecret(code) themselves.

export function rememberSecretsIn(value: unknown, depth = 0): void {
  if (depth > 6 || value === null || typeof value !== 'object') return;
  for (const [k, v] of Object.entries(value)) {
    if (typeof v === 'string' && SECRET_FIELDS.has(k) && v.length >= 12) rememberSecret(v);
    else rememberSecretsIn(v, depth + 1);
  }
}

const pathOf = (res: APIResponse): string => {
  try {
    return new URL(res.url()).pathname; // never the query: it may carry a token
  } catch {
    return '?';
  }
};

async function errorCode(res: APIResponse): Promise<string> {
  try {
    const body = (await res.json()) as { error?: { code?: unknown } | unknown };
    const err = body?.error;
    if (typeof err === 'string') return ` ${err}`;
    if (err && typeof err === 'object' && typeof (err as { code?: unknown }).code === 'string')
      return ` ${(err as { code: string }).code}`;
  } catch {
    return '';
  }
  return '';
}

/** A value for a failure message: short, one line, strings quoted. */
const show = (v: unknown): string => {
  const text = typeof v === 'string' ? JSON.stringify(v) : (JSON.stringify(v) ?? String(v));
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
};

export class Check {
  constructor(private readonly info: TestInfo) {}

  private set(type: string, description: string): void {
    const found = this.info.annotations.find((a) => a.type === type);
    if (found) found.description = description;
    else this.info.annotations.push({ type, description });
  }

  /** The status shown in the line; the last call wins. `-` for checks without HTTP. */
  status(code: number | '-'): void {
    this.set(STATUS_ANNOTATION, String(code));
  }

  /** What the check saw, debuggable from the line alone ("marker found in 2 of 4 memories"). */
  detail(text: string): void {
    this.set(DETAIL_ANNOTATION, text.replace(/\s+/g, ' ').trim());
  }

  /** Fail with a one-line message unless cond holds. */
  that(cond: boolean, message: string): void {
    if (!cond) throw new CheckFailure(message);
  }

  /**
   * Require `actual` to equal `expected` (strict, or deep for plain data); the message is written
   * for you, in the manner of expect: `<what>: got 3, want 1`.
   */
  equal<T>(actual: T, expected: T, what: string): void {
    const same =
      typeof actual === 'object' && actual !== null
        ? JSON.stringify(actual) === JSON.stringify(expected)
        : Object.is(actual, expected);
    if (!same) throw new CheckFailure(`${what}: got ${show(actual)}, want ${show(expected)}`);
  }

  /**
   * An API error as the contract promises it: `status`, JSON, the {error:{code,message}} envelope
   * with one of `codes`, no stack or HTML leak. Records the status of THIS response.
   */
  async error(res: APIResponse, status: number, codes: string | readonly string[]): Promise<CleanError> {
    return expectCleanError(this, res, status, codes);
  }

  /** Record the status and require one of `expected`. Returns the status. */
  async expectStatus(res: APIResponse, expected: number | readonly number[]): Promise<number> {
    const want = typeof expected === 'number' ? [expected] : expected;
    const got = res.status();
    this.status(got);
    if (!want.includes(got))
      throw new CheckFailure(
        `${pathOf(res)}: expected ${want.join(' or ')}, got ${got}${await errorCode(res)}`,
      );
    return got;
  }

  /** expectStatus, then parse the JSON body with `schema`; secrets in the body are remembered. */
  async json<S extends z.ZodType>(
    res: APIResponse,
    expected: number | readonly number[],
    schema: S,
  ): Promise<z.output<S>> {
    await this.expectStatus(res, expected);
    let body: unknown;
    try {
      body = await res.json();
    } catch {
      throw new CheckFailure(
        `${pathOf(res)}: ${res.status()} body is not JSON (content-type ${res.headers()['content-type'] ?? 'none'})`,
      );
    }
    rememberSecretsIn(body);
    return this.parse(schema, body, pathOf(res));
  }

  /** Validate any value (MCP structuredContent, a header) against a schema, naming the first issue. */
  parse<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const more = parsed.error.issues.length > 1 ? ` (+${parsed.error.issues.length - 1} more)` : '';
      throw new CheckFailure(
        `${what}: shape mismatch at ${issue.path.join('.') || '(root)'}: ${issue.message}${more}`,
      );
    }
    return parsed.data;
  }
}
