/**
 * Every fetch a check makes becomes a step in its trace and HTML report: the step wraps the real
 * exchange (so its duration is the exchange's), and carries the request and the response as
 * attachments, masked and redacted with the secrets registry as it stands.
 *
 * Installed over globalThis.fetch for the duration of each check by an auto fixture
 * (helpers/fixtures.ts), so the MCP SDK client, the SSE probe, the OAuth preconditions and any
 * fetch a check makes itself are all recorded, with no second request path. Outside a check
 * (global setup and teardown) fetch is left alone.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { test, type TestStepInfo } from '@playwright/test';
import { rememberSecretsIn } from '../check.js';
import { checkFrame, type Frame } from '../check-frames.js';
import {
  exchangeTitle,
  formatRequest,
  formatResponse,
  exchangeLabel,
  type ExchangeRequest,
} from './exchange-format.js';
import { LiveRedactor } from '../redact/live-redactor.js';

const redactor = new LiveRedactor();
/** The check line that called a client whose own code loses the async stack (the MCP SDK). */
const callSite = new AsyncLocalStorage<Frame>();

/**
 * Runs fn with the calling check line remembered, so the exchanges it makes point at that line
 * even when the stack no longer shows it (the SDK sends from inside a promise executor).
 */
export function atCheckLine<T>(fn: () => Promise<T>): Promise<T> {
  const frame = checkFrame();
  return frame ? callSite.run(frame, fn) : fn();
}

const stepLocation = (): Frame | undefined => checkFrame() ?? callSite.getStore();
/** How long to wait for a streamed (SSE) POST answer to end before attaching what arrived. */
const STREAM_READ_MS = 3000;

function headersOf(h: HeadersInit | undefined): Record<string, string> {
  if (!h) return {};
  return Object.fromEntries(new Headers(h).entries());
}

function describe(input: RequestInfo | URL, init: RequestInit | undefined): ExchangeRequest {
  const req = input instanceof Request ? input : undefined;
  const body = init?.body;
  return {
    method: (init?.method ?? req?.method ?? 'GET').toUpperCase(),
    url: req ? req.url : String(input),
    headers: { ...headersOf(req?.headers), ...headersOf(init?.headers) },
    body:
      typeof body === 'string'
        ? body
        : body instanceof URLSearchParams
          ? body.toString()
          : body
            ? `(${typeof body} body)`
            : undefined,
  };
}

async function readWithin(res: Response, ms: number): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<string>(
    (resolve) => (timer = setTimeout(() => resolve('(stream still open after 3 s)'), ms)),
  );
  try {
    return await Promise.race([res.text(), late]);
  } catch (e) {
    return `(body not readable: ${(e as Error).message})`;
  } finally {
    clearTimeout(timer);
  }
}

/** The body for the attachment, read from a clone so the caller still gets the whole response. */
async function bodyFor(req: ExchangeRequest, res: Response): Promise<string | undefined> {
  const stream = (res.headers.get('content-type') ?? '').includes('text/event-stream');
  if (stream && req.method === 'GET') return undefined; // a never-ending stream: headers only
  const text = await readWithin(res.clone(), stream ? STREAM_READ_MS : 10_000);
  if ((res.headers.get('content-type') ?? '').includes('json'))
    try {
      rememberSecretsIn(JSON.parse(text)); // tokens a precondition was handed: redact them from here on
    } catch {
      // not JSON after all
    }
  return text;
}

/** A test is running in this process (Playwright worker), so test.step may be called. */
function inCheck(): boolean {
  try {
    test.info();
    return true;
  } catch {
    return false;
  }
}

export function recordingFetch(inner: typeof fetch): typeof fetch {
  return async function recordedFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    if (!inCheck()) return inner(input, init);
    const req = describe(input, init);
    const title = exchangeTitle(req);
    // One attachment per exchange (request, then response): half the files a report and Allure write.
    const attach = (step: TestStepInfo, name: string, response: string) =>
      step.attach(name, {
        body: redactor.redact(`${formatRequest(req)}\n\n${'-'.repeat(40)}\n\n${response}`),
        contentType: 'text/plain',
      });
    return test.step(
      title,
      async (step) => {
        const started = performance.now();
        let res: Response;
        try {
          res = await inner(input, init);
        } catch (e) {
          const ms = Math.round(performance.now() - started);
          const why =
            (e as Error).name === 'AbortError' || (e as Error).name === 'TimeoutError' ? 'aborted' : 'failed';
          await attach(
            step,
            `${title} → ${why} after ${ms} ms`,
            `${why} after ${ms} ms: ${(e as Error).message}`,
          );
          throw e;
        }
        const body = await bodyFor(req, res);
        const out = {
          status: res.status,
          statusText: res.statusText,
          headers: Object.fromEntries(res.headers.entries()),
          body,
          ms: Math.round(performance.now() - started),
        };
        await attach(step, exchangeLabel(out, title), formatResponse(out));
        return res;
      },
      { location: stepLocation() },
    );
  };
}

/**
 * A named phase of a multi-step check (register -> authorize -> exchange): a step in the trace
 * and report that groups its exchanges. Outside a check it just runs fn.
 */
export function phase<T>(title: string, fn: () => Promise<T>): Promise<T> {
  return inCheck() ? test.step(title, fn, { location: stepLocation() }) : fn();
}

/** For the auto fixture: record every fetch while `use` runs, then put the original back. */
export async function recordFetchDuring(use: () => Promise<void>): Promise<void> {
  const original = globalThis.fetch;
  globalThis.fetch = recordingFetch(original);
  try {
    await use();
  } finally {
    globalThis.fetch = original;
  }
}
