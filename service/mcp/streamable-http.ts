// /mcp: the Streamable HTTP transport in stateful mode. A POST without Mcp-Session-Id opens a
// session (one transport + one McpServer, bound to the authenticated customer); later requests,
// including the GET that opens the SSE stream and the DELETE that ends the session, must carry
// the session id AND come from the same customer.
import { randomUUID } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { AppContext } from '../context.js';
import { ApiError, badRequest } from '../http/errors.js';
import { handler } from '../http/routes.js';
import { principalOf } from '../auth/require-credential.js';
import { createMcpServer } from './tools.js';
import type { McpSession, SessionRegistry } from './sessions.js';

export interface StreamableHttpOptions {
  ctx: AppContext;
  sessions: SessionRegistry;
}

const sessionIdOf = (req: Request): string | undefined => {
  const v = req.headers['mcp-session-id'];
  return typeof v === 'string' && v ? v : undefined;
};

const configSetOfUrl = (url: URL | undefined): string | null | undefined => {
  if (!url) return undefined;
  return url.searchParams.get('config_set') || null;
};

export function streamableHttp(options: StreamableHttpOptions) {
  const { ctx, sessions } = options;

  /** The caller's session, or a JSON error: another tenant's session is as unknown as a made-up id. */
  function sessionFor(req: Request, res: Response): McpSession {
    const id = sessionIdOf(req);
    if (!id) throw badRequest('Mcp-Session-Id header is required: initialize a session with a POST first.');
    const s = sessions.get(id, principalOf(res).customerId);
    if (!s) throw new ApiError(404, 'not_found', 'MCP session not found: it ended or belongs to someone else. Initialize a new one.');
    return s;
  }

  async function openSession(req: Request, res: Response): Promise<void> {
    const customerId = principalOf(res).customerId;
    const openedWith = configSetOfUrl(new URL(req.originalUrl, 'http://x')) ?? null;
    const server = createMcpServer(ctx, {
      customerId,
      configSetOf: (url) => configSetOfUrl(url) ?? openedWith,
    });
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      // Plain JSON answers to POSTs (no server-initiated messages mid-request); GET still streams.
      enableJsonResponse: true,
      onsessioninitialized: (id) => sessions.add({ id, customerId, transport, server, lastSeen: Date.now() }),
      onsessionclosed: (id) => sessions.remove(id),
    });
    transport.onclose = () => {
      if (transport.sessionId) sessions.remove(transport.sessionId);
    };
    await server.connect(transport);
    await transport.handleRequest(req, res);
    // Not an initialize request: the transport answered with an error and no session exists.
    if (!transport.sessionId) await Promise.allSettled([transport.close(), server.close()]);
  }

  const post: RequestHandler = handler(async (req, res) => {
    if (!sessionIdOf(req)) return openSession(req, res);
    await sessionFor(req, res).transport.handleRequest(req, res);
  });

  const get: RequestHandler = handler(async (req, res) => {
    const session = sessionFor(req, res);
    // The transport answers with a ReadableStream; its Node adapter flushes the 200 headers at
    // once, so clients see the stream open before any event is sent.
    await session.transport.handleRequest(req, res);
  });

  const del: RequestHandler = handler(async (req, res) => {
    const session = sessionFor(req, res);
    await session.transport.handleRequest(req, res);
    if (res.statusCode < 300) await sessions.close(session.id);
  });

  return { post, get, delete: del };
}
