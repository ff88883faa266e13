/**
 * MCP over raw Streamable HTTP, for the checks that judge the HTTP layer itself (the initialize
 * status and its Mcp-Session-Id, 401s and their WWW-Authenticate, the SSE GET). Tool-level checks
 * use the SDK client (`mcp` fixture) instead.
 */
import type { APIRequestContext, APIResponse } from '@playwright/test';
import { LATEST_PROTOCOL_VERSION } from '@modelcontextprotocol/sdk/types.js';
import { CheckFailure } from '../check.js';
import { rememberSecret } from '../redact/secrets.js';
import { probeSse, type SseProbe } from './sse.js';
import { requestTimeoutMs, streamWaitMs } from '../run/timeouts.js';

export const MCP_PATH = '/mcp';
export const MCP_ACCEPT = 'application/json, text/event-stream';

/** The JSON-RPC initialize request, as an MCP client's first POST sends it (the SDK's newest protocol version). */
export const MCP_INITIALIZE = {
  jsonrpc: '2.0' as const,
  id: 1,
  method: 'initialize',
  params: {
    protocolVersion: LATEST_PROTOCOL_VERSION,
    capabilities: {},
    clientInfo: { name: 'engram-smoke', version: '0.1.0' },
  },
};
/** The headers of every MCP POST (Streamable HTTP: the client accepts JSON and SSE). */
export const MCP_POST_HEADERS = { accept: MCP_ACCEPT, 'content-type': 'application/json' };

/** POST /mcp initialize through a Playwright context (recorded): the response is the check's to judge. */
export function postInitialize(
  ctx: APIRequestContext,
  bearer?: string,
  path = MCP_PATH,
): Promise<APIResponse> {
  return ctx.post(path, {
    headers: {
      ...MCP_POST_HEADERS,
      ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
    },
    data: MCP_INITIALIZE,
  });
}

/**
 * The JSON-RPC message of a Streamable HTTP answer: plain JSON, or the first `data:` line of an
 * SSE body (servers may answer a POST either way).
 */
export function jsonRpcOf(text: string, contentType: string): unknown {
  if (contentType.includes('text/event-stream')) {
    const line = text.split('\n').find((l) => l.startsWith('data:'));
    return line ? JSON.parse(line.slice(5)) : undefined;
  }
  return text ? JSON.parse(text) : undefined;
}

export interface RawSession {
  sessionId: string;
  protocolVersion: string;
}

/**
 * After a successful initialize: send notifications/initialized (fetch), as the spec requires
 * before anything else on the session.
 */
export async function sendInitialized(mcpBase: string, bearer: string, s: RawSession): Promise<number> {
  const res = await fetch(`${mcpBase}${MCP_PATH}`, {
    method: 'POST',
    headers: {
      ...MCP_POST_HEADERS,
      authorization: `Bearer ${bearer}`,
      'mcp-session-id': s.sessionId,
      'mcp-protocol-version': s.protocolVersion,
    },
    body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }),
    signal: AbortSignal.timeout(requestTimeoutMs()),
  });
  await res.body?.cancel().catch(() => undefined);
  return res.status;
}

/** The SSE GET on an initialized session (fetch + AbortController, see helpers/protocol/sse.ts). */
export function probeSessionStream(
  mcpBase: string,
  bearer: string,
  s: RawSession,
  timeoutMs = streamWaitMs(600),
): Promise<SseProbe> {
  rememberSecret(bearer);
  return probeSse(`${mcpBase}${MCP_PATH}`, {
    bearer,
    timeoutMs,
    headers: { 'mcp-session-id': s.sessionId, 'mcp-protocol-version': s.protocolVersion },
  });
}

/** DELETE the session (best effort): the smoke leaves no sessions open behind it. */
export async function closeRawSession(mcpBase: string, bearer: string, s: RawSession): Promise<void> {
  await fetch(`${mcpBase}${MCP_PATH}`, {
    method: 'DELETE',
    headers: {
      authorization: `Bearer ${bearer}`,
      'mcp-session-id': s.sessionId,
      'mcp-protocol-version': s.protocolVersion,
    },
    signal: AbortSignal.timeout(requestTimeoutMs()),
  })
    .then((r) => r.body?.cancel())
    .catch(() => undefined);
}

/** POST initialize (fetch): its status and, when it opened one, the session it names. */
async function initializeOverFetch(
  mcpBase: string,
  bearer: string,
): Promise<{ status: number; session: RawSession | null }> {
  const res = await fetch(`${mcpBase}${MCP_PATH}`, {
    method: 'POST',
    headers: { ...MCP_POST_HEADERS, authorization: `Bearer ${bearer}` },
    body: JSON.stringify(MCP_INITIALIZE),
    signal: AbortSignal.timeout(requestTimeoutMs()),
  });
  const text = await res.text();
  const sessionId = res.headers.get('mcp-session-id');
  if (res.status !== 200 || !sessionId) return { status: res.status, session: null };
  const msg = jsonRpcOf(text, res.headers.get('content-type') ?? '') as
    { result?: { protocolVersion?: string } } | undefined;
  return {
    status: 200,
    session: { sessionId, protocolVersion: msg?.result?.protocolVersion ?? LATEST_PROTOCOL_VERSION },
  };
}

/**
 * Opens a session over raw HTTP as a precondition (fetch, a step each): initialize + initialized.
 * Returns the HTTP status of the initialize and, on 200, the session.
 */
export async function openRawSession(
  mcpBase: string,
  bearer: string,
): Promise<{ status: number; session: RawSession | null }> {
  const { status, session } = await initializeOverFetch(mcpBase, bearer);
  if (status !== 200) return { status, session: null };
  if (!session) throw new CheckFailure('precondition: initialize 200 without an Mcp-Session-Id header');
  await sendInitialized(mcpBase, bearer, session);
  return { status, session };
}

/** The HTTP status MCP answers an initialize with for `bearer` (the session, if any, is closed). */
export async function mcpStatusFor(mcpBase: string, bearer: string): Promise<number> {
  // The initialize answer is the status: no initialized notification (a round trip) before the close.
  const { status, session } = await initializeOverFetch(mcpBase, bearer);
  if (session) await closeRawSession(mcpBase, bearer, session);
  return status;
}
