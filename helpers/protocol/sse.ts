/**
 * Probe a never-ending SSE stream: Playwright's request context waits for the whole body, so
 * this uses fetch + AbortController. Headers (200, text/event-stream) then our timeout = success;
 * a timeout before headers = failure.
 */
import { streamWaitMs } from '../run/timeouts.js';
export interface SseProbe {
  outcome: 'headers' | 'no_headers' | 'error';
  status: number | null;
  contentType: string | null;
  wwwAuthenticate: string | null;
  /** Bytes of the first chunk read within the window (0 is fine for an idle stream). */
  firstChunkBytes: number;
  ms: number;
  error?: string;
}

export async function probeSse(
  url: string,
  opts: { bearer?: string; headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<SseProbe> {
  const started = performance.now();
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), opts.timeoutMs ?? streamWaitMs(1500));
  const headers: Record<string, string> = { accept: 'text/event-stream', ...opts.headers };
  if (opts.bearer) headers.authorization = `Bearer ${opts.bearer}`;
  try {
    const res = await fetch(url, { headers, signal: ctrl.signal });
    const base = {
      status: res.status,
      contentType: res.headers.get('content-type'),
      wwwAuthenticate: res.headers.get('www-authenticate'),
    };
    let firstChunkBytes = 0;
    if (res.body) {
      const reader = res.body.getReader();
      // Read one chunk or until the window closes; either way the headers already arrived.
      const chunk = await reader.read().catch(() => undefined);
      firstChunkBytes = chunk?.value?.byteLength ?? 0;
      ctrl.abort();
      await reader.cancel().catch(() => undefined);
    }
    return { outcome: 'headers', ...base, firstChunkBytes, ms: Math.round(performance.now() - started) };
  } catch (e) {
    const aborted = ctrl.signal.aborted;
    return {
      outcome: aborted ? 'no_headers' : 'error',
      status: null,
      contentType: null,
      wwwAuthenticate: null,
      firstChunkBytes: 0,
      ms: Math.round(performance.now() - started),
      error: aborted ? undefined : (e as Error).message,
    };
  } finally {
    clearTimeout(timer);
  }
}
