/**
 * Streamable HTTP against an MCP endpoint given as a full URL (the mcp profile cannot assume a
 * /mcp path): initialize, the session's follow-ups and DELETE, over fetch (unrecorded).
 */
import { LATEST_PROTOCOL_VERSION } from '@modelcontextprotocol/sdk/types.js';
import { readResult } from '../protocol/http.js';
import { MCP_INITIALIZE, MCP_POST_HEADERS } from '../protocol/mcp-http.js';
import { rememberSecret } from '../redact/secrets.js';

export interface McpAnswer {
  status: number;
  sessionId: string | null;
  protocolVersion: string;
  message: { result?: Record<string, unknown>; error?: { code?: number; message?: string } } | undefined;
  wwwAuthenticate: string | null;
  contentType: string;
}

/**
 * The JSON-RPC message of a Streamable HTTP answer: plain JSON, or the first SSE event whose data
 * is JSON (2025-11-25 servers may open with an empty priming event for resumability).
 */
export function messageOf(text: string, contentType: string): unknown {
  if (!/text\/event-stream/i.test(contentType)) return text ? JSON.parse(text) : undefined;
  for (const event of text.split(/\r?\n\r?\n/)) {
    const data = event
      .split(/\r?\n/)
      .filter((l) => l.startsWith('data:'))
      .map((l) => l.slice(5).trim())
      .join('\n');
    if (data) return JSON.parse(data);
  }
  return undefined;
}

export interface SessionRef {
  sessionId: string | null;
  protocolVersion: string;
}

function headers(bearer: string | undefined, s?: SessionRef): Record<string, string> {
  const h: Record<string, string> = { ...MCP_POST_HEADERS };
  if (bearer) {
    rememberSecret(bearer);
    h.authorization = `Bearer ${bearer}`;
  }
  if (s?.sessionId) h['mcp-session-id'] = s.sessionId;
  if (s?.protocolVersion) h['mcp-protocol-version'] = s.protocolVersion;
  return h;
}

/** POST one JSON-RPC message (or raw text) and read the answer (JSON or the first SSE event). */
export async function rpc(
  endpoint: string,
  bearer: string | undefined,
  body: unknown,
  s?: SessionRef,
): Promise<McpAnswer> {
  const res = await fetch(endpoint, {
    method: 'POST',
    headers: headers(bearer, s),
    body: typeof body === 'string' ? body : JSON.stringify(body),
    redirect: 'manual',
    signal: AbortSignal.timeout(5000),
  });
  const r = await readResult(res);
  const contentType = r.headers.get('content-type') ?? '';
  let message: McpAnswer['message'];
  try {
    message = messageOf(r.text, contentType) as McpAnswer['message'];
  } catch {
    message = undefined;
  }
  const pv = message?.result?.protocolVersion;
  return {
    status: r.status,
    sessionId: r.headers.get('mcp-session-id'),
    protocolVersion: typeof pv === 'string' ? pv : (s?.protocolVersion ?? LATEST_PROTOCOL_VERSION),
    message,
    wwwAuthenticate: r.headers.get('www-authenticate'),
    contentType,
  };
}

/** initialize + notifications/initialized: the session a client would hold. */
export async function openSession(endpoint: string, bearer: string): Promise<McpAnswer> {
  const init = await rpc(endpoint, bearer, MCP_INITIALIZE);
  if (init.status === 200)
    await rpc(endpoint, bearer, { jsonrpc: '2.0', method: 'notifications/initialized' }, init);
  return init;
}

export async function deleteSession(
  endpoint: string,
  bearer: string | undefined,
  s: SessionRef,
): Promise<number> {
  if (!s.sessionId) return 0;
  const res = await fetch(endpoint, {
    method: 'DELETE',
    headers: headers(bearer, s),
    signal: AbortSignal.timeout(3000),
  });
  await res.body?.cancel().catch(() => undefined);
  return res.status;
}

/** The status an initialize with `bearer` gets (its session, if any, is closed again). */
export async function mcpStatus(endpoint: string, bearer: string): Promise<number> {
  const a = await openSession(endpoint, bearer);
  if (a.sessionId) await deleteSession(endpoint, bearer, a);
  return a.status;
}
