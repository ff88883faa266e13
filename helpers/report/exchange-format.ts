/**
 * Pure formatting of one HTTP exchange for a check's trace and HTML report: the step title and
 * the request/response texts attached to it. Tested in spec/smoke/exchange-format.test.ts.
 * Credentials are masked here (header values, secret JSON/form fields); the caller also passes
 * the texts through the secrets registry, and the redact reporter scrubs every artifact after the run.
 */
import { mask } from '../redact/redact.js';
import { SECRET_FIELDS } from '../redact/secrets.js';

export interface ExchangeRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface ExchangeResponse {
  status: number;
  statusText: string;
  headers: Record<string, string>;
  /** The body text, or undefined when it was not read (an open event stream). */
  body?: string;
  ms: number;
}

const SECRET_HEADERS = new Set([
  'authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'proxy-authorization',
  'stripe-signature',
]);
export const MAX_BODY_CHARS = 16_000;

/** `Bearer egk_…(48 chars)`: which kind of credential was sent, never the credential. */
export function maskHeader(name: string, value: string): string {
  if (name.toLowerCase() === 'location') return maskUrl(value);
  if (!SECRET_HEADERS.has(name.toLowerCase())) return value;
  const m = /^(\w+)\s+(.+)$/.exec(value);
  if (m && /^(bearer|basic)$/i.test(m[1]!)) return `${m[1]} ${mask(m[2]!)}`;
  return value
    .split(/;\s*/)
    .map((part) => {
      const eq = part.indexOf('=');
      return eq > 0 ? `${part.slice(0, eq)}=${mask(part.slice(eq + 1))}` : mask(part);
    })
    .join('; ');
}

/** The URL without credential-bearing query values. */
export function maskUrl(url: string): string {
  try {
    const relative = !/^[a-z][a-z0-9+.-]*:/i.test(url);
    const u = new URL(url, 'http://relative.invalid');
    if (![...u.searchParams.keys()].some((k) => SECRET_FIELDS.has(k) || k === 'code')) return url;
    for (const [k, v] of [...u.searchParams])
      if (SECRET_FIELDS.has(k) || k === 'code') u.searchParams.set(k, mask(v));
    return relative ? `${u.pathname}${u.search}${u.hash}` : u.href;
  } catch {
    return url;
  }
}

function maskJson(value: unknown, depth = 0): unknown {
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => maskJson(v, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k,
      typeof v === 'string' && SECRET_FIELDS.has(k) ? mask(v) : maskJson(v, depth + 1),
    ]),
  );
}

/** A body for reading: JSON pretty-printed with secret fields masked, forms likewise, SSE data lines parsed. */
export function formatBody(body: string | undefined, contentType: string): string {
  if (body === undefined) return '(body not read: an open event stream)';
  if (!body) return '(empty body)';
  let out = body;
  try {
    if (/json/.test(contentType)) out = JSON.stringify(maskJson(JSON.parse(body)), null, 2);
    else if (/x-www-form-urlencoded/.test(contentType)) {
      const p = new URLSearchParams(body);
      out = [...p].map(([k, v]) => `${k}=${SECRET_FIELDS.has(k) || k === 'code' ? mask(v) : v}`).join('\n');
    } else if (/event-stream/.test(contentType))
      out = body.replace(/^data:(.*)$/gm, (line, data: string) => {
        try {
          return `data: ${JSON.stringify(maskJson(JSON.parse(data)), null, 2)}`;
        } catch {
          return line;
        }
      });
  } catch {
    out = body; // not what it claims to be: show it as is
  }
  return out.length > MAX_BODY_CHARS
    ? `${out.slice(0, MAX_BODY_CHARS)}\n… (${out.length - MAX_BODY_CHARS} more chars)`
    : out;
}

const headerLines = (h: Record<string, string>): string[] =>
  Object.entries(h)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}: ${maskHeader(k, v)}`);

const contentTypeOf = (h: Record<string, string>): string =>
  Object.entries(h).find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? '';

/** What a JSON-RPC body asks: `tools/call store_memory`, `initialize`, or `batch of 3`. */
export function jsonRpcSummary(body: string | undefined): string | undefined {
  if (!body || (!body.trimStart().startsWith('{') && !body.trimStart().startsWith('['))) return undefined;
  try {
    const msg = JSON.parse(body) as unknown;
    const one = (m: unknown): string | undefined => {
      const r = m as { jsonrpc?: unknown; method?: unknown; params?: { name?: unknown } };
      if (r?.jsonrpc !== '2.0' || typeof r.method !== 'string') return undefined;
      return typeof r.params?.name === 'string' ? `${r.method} ${r.params.name}` : r.method;
    };
    if (Array.isArray(msg)) {
      const parts = msg.map(one).filter(Boolean);
      return parts.length ? `batch: ${parts.join(', ')}` : undefined;
    }
    return one(msg);
  } catch {
    return undefined;
  }
}

/**
 * The step title, what matters first (trace viewers cut long titles): `tools/call query · POST /mcp`
 * for JSON-RPC, `GET /account/profile` otherwise. The full URL is in the request attachment.
 */
export function exchangeTitle(req: Pick<ExchangeRequest, 'method' | 'url' | 'body'>): string {
  let where = req.url;
  try {
    const u = new URL(maskUrl(req.url));
    where = `${u.pathname}${u.search}`;
  } catch {
    // keep the raw string
  }
  const rpc = jsonRpcSummary(req.body);
  return rpc ? `${rpc} · ${req.method} ${where}` : `${req.method} ${where}`;
}

export function formatRequest(req: ExchangeRequest): string {
  return [
    `${req.method} ${maskUrl(req.url)}`,
    ...headerLines(req.headers),
    '',
    formatBody(req.body, contentTypeOf(req.headers)),
  ].join('\n');
}

export function formatResponse(res: ExchangeResponse): string {
  return [
    `${res.status} ${res.statusText} in ${res.ms} ms`,
    ...headerLines(res.headers),
    '',
    formatBody(res.body, contentTypeOf(res.headers)),
  ].join('\n');
}

/**
 * The exchange attachment's name, `tools/call query · POST /mcp → 200 application/json · 12 ms`:
 * whole, since reports also list a check's attachments flat, away from their steps.
 */
export function exchangeLabel(
  res: Pick<ExchangeResponse, 'status' | 'ms' | 'headers'>,
  title: string,
): string {
  const ct = contentTypeOf(res.headers).split(';')[0];
  return `${title} → ${res.status}${ct ? ` ${ct}` : ''} · ${res.ms} ms`;
}
