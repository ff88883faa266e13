/**
 * Plain Node fetch. In global setup and teardown nothing records it; inside a check each call is
 * a step in the trace (helpers/report/exchange-recorder.ts), masked at record time and scrubbed after the run.
 */
import { requestTimeoutMs } from '../run/timeouts.js';
export interface HttpResult {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

export interface HttpOptions {
  method?: string;
  bearer?: string;
  json?: unknown;
  form?: Record<string, string>;
  timeoutMs?: number;
}

export async function http(url: string, opts: HttpOptions = {}): Promise<HttpResult> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (opts.bearer) headers.authorization = `Bearer ${opts.bearer}`;
  let body: string | undefined;
  if (opts.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.json);
  } else if (opts.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(opts.form).toString();
  }
  const res = await fetch(url, {
    method: opts.method ?? (body ? 'POST' : 'GET'),
    headers,
    body,
    redirect: 'manual',
    signal: AbortSignal.timeout(opts.timeoutMs ?? requestTimeoutMs()),
  });
  return readResult(res);
}

/** Status, headers, the body text, and the body parsed as JSON when it is JSON. */
export async function readResult(res: Response): Promise<HttpResult> {
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** "409 conflict" from an error envelope, or "500 (non-JSON body)": never the body itself. */
export function describeFailure(res: HttpResult): string {
  const err = (res.json as { error?: { code?: unknown } | string } | undefined)?.error;
  const code = typeof err === 'string' ? err : typeof err?.code === 'string' ? err.code : undefined;
  return `${res.status}${code ? ` ${code}` : res.json === undefined ? ' (non-JSON body)' : ''}`;
}
