// The one HTTP client that talks to a customer's provider: SSRF-checked URL, guarded DNS at
// connect time, no redirects, a hard timeout, a capped body. Used by validate and compose.
import { STATUS_CODES } from 'node:http';
import { fetch } from 'undici';
import { checkBaseUrlStatic } from '../ssrf/check-url.js';
import { safeDispatcher, UnsafeAddressError } from '../ssrf/safe-dispatcher.js';
import type { Resolver } from '../ssrf/resolve.js';

export const PROVIDER_TIMEOUT_MS = 10_000;
const MAX_RESPONSE_BYTES = 256 * 1024;

export interface ProviderPost {
  url: string;
  headers: Record<string, string>;
  body: unknown;
  allowHosts: readonly string[];
  timeoutMs?: number;
  /** Tests inject a resolver; production uses the system one. */
  resolve?: Resolver;
}

export type ProviderResult =
  | { ok: true; status: number; json: unknown; latencyMs: number }
  /** For unsafe_base_url, message is the bare reason ("host 127.0.0.1 is loopback ..."). */
  | { ok: false; kind: 'unsafe_base_url' | 'provider_error'; message: string };

/** Why fetch failed, in words that never contain request headers (the key lives there). */
function describeFailure(err: unknown, timeoutMs: number): ProviderResult {
  const cause = (err as { cause?: unknown })?.cause ?? err;
  if (cause instanceof UnsafeAddressError)
    return { ok: false, kind: 'unsafe_base_url', message: `at connect time ${cause.reason}` };
  const name = (err as { name?: string })?.name;
  if (name === 'TimeoutError' || name === 'AbortError')
    return {
      ok: false,
      kind: 'provider_error',
      message: `provider did not answer within ${timeoutMs / 1000} s`,
    };
  const code = (cause as { code?: string })?.code;
  return {
    ok: false,
    kind: 'provider_error',
    message: `could not reach the provider (${code ?? 'network error'})`,
  };
}

async function readCapped(res: Response | import('undici').Response): Promise<string | null> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_RESPONSE_BYTES) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** POSTs JSON to the provider. Never throws; never puts the request headers into a message. */
export async function postToProvider(req: ProviderPost): Promise<ProviderResult> {
  const timeoutMs = req.timeoutMs ?? PROVIDER_TIMEOUT_MS;
  // Checked again here, not only at create: the allowlist may have changed, and Node's socket
  // code skips `lookup` for IP literals, so literals are only caught by this static check.
  const verdict = checkBaseUrlStatic(req.url, req.allowHosts);
  if (!verdict.ok) return { ok: false, kind: 'unsafe_base_url', message: verdict.reason };
  const dispatcher = safeDispatcher({
    allowAnyAddress: verdict.allowlisted,
    connectTimeoutMs: timeoutMs,
    resolve: req.resolve,
  });
  const started = performance.now();
  try {
    const res = await fetch(verdict.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...req.headers },
      body: JSON.stringify(req.body),
      // Redirects are never followed: a 3xx could point into an internal range.
      redirect: 'manual',
      dispatcher,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await readCapped(res);
    const latencyMs = Math.round(performance.now() - started);
    const reason = STATUS_CODES[res.status] ?? 'Unknown';
    if (res.status >= 300 && res.status < 400) {
      return {
        ok: false,
        kind: 'provider_error',
        message: `provider answered ${res.status} ${reason}; redirects are not followed`,
      };
    }
    if (res.status < 200 || res.status >= 300)
      return { ok: false, kind: 'provider_error', message: `provider answered ${res.status} ${reason}` };
    if (text === null)
      return {
        ok: false,
        kind: 'provider_error',
        message: `provider response larger than ${MAX_RESPONSE_BYTES} bytes`,
      };
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return {
        ok: false,
        kind: 'provider_error',
        message: `provider answered ${res.status} but the body is not JSON`,
      };
    }
    return { ok: true, status: res.status, json, latencyMs };
  } catch (err) {
    return describeFailure(err, timeoutMs);
  } finally {
    await dispatcher.destroy().catch(() => undefined);
  }
}
