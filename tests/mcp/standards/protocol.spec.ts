/**
 * The MCP protocol over Streamable HTTP with the OAuth token the oauth group obtained: initialize,
 * tools/list, a session's lifecycle, the SSE GET, the bearer on every request, and tokens that
 * must be refused (garbage, forged-and-expired) with a correct challenge.
 */
import { SignJWT } from 'jose';
import { randomBytes } from 'node:crypto';
import { parseChallenge } from '../../../helpers/protocol/www-authenticate.js';
import { MCP_INITIALIZE, postInitialize } from '../../../helpers/protocol/mcp-http.js';
import { probeSse } from '../../../helpers/protocol/sse.js';
import { stands, notOffered } from '../../../helpers/standards/clause.js';
import { rememberSecret, test } from '../../../helpers/standards/fixtures.js';
import { deleteSession, messageOf, openSession, rpc } from '../../../helpers/standards/mcp.js';

test('initialize.token.server_info', async ({ anon, target, tokens, check }) => {
  const std = stands(check, 'MCP 2025-11-25 lifecycle §Initialization');
  const res = await postInitialize(anon, tokens.access_token, target.mcpUrl);
  await check.expectStatus(res, 200);
  const sessionId = res.headers()['mcp-session-id'] ?? null;
  const text = await res.text();
  const ct = res.headers()['content-type'] ?? '';
  const msg = messageOf(text, ct) as
    | {
        result?: {
          protocolVersion?: string;
          serverInfo?: { name?: string; version?: string };
          capabilities?: Record<string, unknown>;
        };
      }
    | undefined;
  try {
    std.must(!!msg?.result, 'initialize answered no result');
    const r = msg!.result!;
    std.must(typeof r.protocolVersion === 'string' && r.protocolVersion.length > 0, 'no protocolVersion');
    std.must(
      typeof r.serverInfo?.name === 'string' && typeof r.serverInfo?.version === 'string',
      'serverInfo.name or .version missing',
    );
    std.must(!!r.capabilities && typeof r.capabilities === 'object', 'no capabilities object');
    std.should(
      r.protocolVersion === MCP_INITIALIZE.params.protocolVersion,
      `protocolVersion ${r.protocolVersion}, the client asked for ${MCP_INITIALIZE.params.protocolVersion}`,
      'MCP 2025-11-25 lifecycle §Version Negotiation',
    );
    std.detail(
      `${r.serverInfo!.name} ${r.serverInfo!.version}, protocol ${r.protocolVersion}, capabilities [${Object.keys(r.capabilities!).join(', ')}], ${sessionId ? 'Mcp-Session-Id issued' : 'stateless (no Mcp-Session-Id)'}`,
    );
  } finally {
    if (sessionId)
      await deleteSession(target.mcpUrl, tokens.access_token, {
        sessionId,
        protocolVersion: msg?.result?.protocolVersion ?? '',
      });
  }
});

test('tools.list.named_with_schemas', async ({ target, tokens, check }) => {
  const std = stands(check, 'MCP 2025-11-25 server/tools §Listing Tools');
  const s = await openSession(target.mcpUrl, tokens.access_token);
  try {
    std.must(s.status === 200, `precondition: initialize -> ${s.status}`);
    const caps = (s.message?.result?.capabilities ?? {}) as Record<string, unknown>;
    if (!caps.tools)
      notOffered('the server declares no tools capability', 'MCP 2025-11-25 server/tools §Capabilities');
    const r = await rpc(
      target.mcpUrl,
      tokens.access_token,
      { jsonrpc: '2.0', id: 2, method: 'tools/list', params: {} },
      s,
    );
    check.status(r.status);
    std.must(r.status === 200, `tools/list -> ${r.status}`);
    const tools = (r.message?.result?.tools ?? null) as Array<{
      name?: unknown;
      inputSchema?: { type?: unknown };
    }> | null;
    std.must(
      Array.isArray(tools),
      `tools/list result has no tools array${r.message?.error ? ` (JSON-RPC error ${r.message.error.code})` : ''}`,
    );
    const bad = tools!.filter((t) => typeof t.name !== 'string' || t.inputSchema?.type !== 'object');
    std.must(bad.length === 0, `${bad.length} tool(s) without a name or an object inputSchema`);
    std.detail(
      `${tools!.length} tool(s), each named with an object inputSchema: ${tools!
        .slice(0, 6)
        .map((t) => String(t.name))
        .join(', ')}${tools!.length > 6 ? ', …' : ''}`,
    );
  } finally {
    await deleteSession(target.mcpUrl, tokens.access_token, s);
  }
});

test('session.delete.then_404', async ({ target, tokens, check }) => {
  const std = stands(check, 'MCP 2025-11-25 transports §Session Management');
  const s = await openSession(target.mcpUrl, tokens.access_token);
  std.must(s.status === 200, `precondition: initialize -> ${s.status}`);
  if (!s.sessionId)
    notOffered(
      'no Mcp-Session-Id issued: a stateless server',
      'MCP 2025-11-25 transports §Session Management (MAY)',
    );
  const ping = { jsonrpc: '2.0', id: 3, method: 'ping' };
  const live = await rpc(target.mcpUrl, tokens.access_token, ping, s);
  std.must(live.status === 200, `ping on the live session -> ${live.status}`);
  const noId = await rpc(target.mcpUrl, tokens.access_token, ping, {
    sessionId: null,
    protocolVersion: s.protocolVersion,
  });
  std.should(noId.status === 400, `a request without Mcp-Session-Id -> ${noId.status}`);
  const del = await deleteSession(target.mcpUrl, tokens.access_token, s);
  if (del === 405) {
    check.status(405);
    std.detail(
      `session ${s.sessionId.length}-char id; ping 200; DELETE 405 (the server does not let clients end sessions, allowed)`,
    );
    return;
  }
  std.must(del >= 200 && del < 300, `DELETE -> ${del}`);
  const after = await rpc(target.mcpUrl, tokens.access_token, ping, s);
  check.status(after.status);
  std.must(after.status === 404, `a request on the deleted session -> ${after.status}, want 404`);
  std.detail(
    `Mcp-Session-Id (${s.sessionId.length} chars); ping 200; without the id ${noId.status}; DELETE ${del}; the same id after -> 404`,
  );
});

test('sse.get.stream_or_405', async ({ target, tokens, check }) => {
  const std = stands(check, 'MCP 2025-11-25 transports §Listening for Messages from the Server');
  const s = await openSession(target.mcpUrl, tokens.access_token);
  try {
    std.must(s.status === 200, `precondition: initialize -> ${s.status}`);
    const probe = await probeSse(target.mcpUrl, {
      bearer: tokens.access_token,
      timeoutMs: 800,
      headers: {
        ...(s.sessionId ? { 'mcp-session-id': s.sessionId } : {}),
        'mcp-protocol-version': s.protocolVersion,
      },
    });
    std.must(
      probe.outcome === 'headers',
      `SSE GET: ${probe.outcome === 'no_headers' ? 'timed out before any headers' : probe.error}`,
    );
    check.status(probe.status!);
    if (probe.status === 405) {
      std.detail('GET -> 405: the server offers no standalone stream (allowed)');
      return;
    }
    std.must(probe.status === 200, `SSE GET -> ${probe.status}, want 200 text/event-stream or 405`);
    std.must(
      /^text\/event-stream/i.test(probe.contentType ?? ''),
      `SSE GET content-type ${probe.contentType ?? 'none'}`,
    );
    std.detail(
      `GET 200 ${probe.contentType}, open after headers (${probe.ms} ms, first chunk ${probe.firstChunkBytes} bytes)`,
    );
  } finally {
    await deleteSession(target.mcpUrl, tokens.access_token, s);
  }
});

test('auth.bearer.every_request', async ({ target, tokens, check }) => {
  // A session is no credential: each request carries the token or is refused.
  const std = stands(check, 'MCP 2025-11-25 authorization §Token Requirements');
  const s = await openSession(target.mcpUrl, tokens.access_token);
  try {
    std.must(s.status === 200, `precondition: initialize -> ${s.status}`);
    const post = await rpc(
      target.mcpUrl,
      undefined,
      { jsonrpc: '2.0', id: 4, method: 'tools/list', params: {} },
      s,
    );
    const get = await probeSse(target.mcpUrl, {
      timeoutMs: 800,
      headers: { ...(s.sessionId ? { 'mcp-session-id': s.sessionId } : {}) },
    });
    const del = s.sessionId ? await deleteSession(target.mcpUrl, undefined, s) : 401;
    check.status(post.status);
    std.must(post.status === 401, `POST on the session without the token -> ${post.status}`);
    std.must(get.status === 401, `GET on the session without the token -> ${get.status ?? get.outcome}`);
    std.must(del === 401, `DELETE of the session without the token -> ${del}`);
    std.detail(
      `session ${s.sessionId ? 'with' : 'without'} Mcp-Session-Id, no token: POST 401, GET 401, DELETE ${s.sessionId ? '401' : 'n/a'}`,
    );
  } finally {
    await deleteSession(target.mcpUrl, tokens.access_token, s);
  }
});

for (const [name, make] of [
  ['garbage', async () => randomBytes(24).toString('base64url')],
  [
    // Signed by the smoke's own key, naming this issuer and audience, expired an hour ago.
    'forged_expired_jwt',
    async () =>
      new SignJWT({ scope: 'mcp' })
        .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt' })
        .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
        .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
        .setSubject('engram-smoke')
        .sign(randomBytes(32)),
  ],
] as const) {
  test(`auth.${name}_token.401_invalid_token`, async ({ anon, target, check }) => {
    const std = stands(check, 'MCP 2025-11-25 authorization §Error Handling; RFC 6750 §3.1');
    const bogus = await make();
    rememberSecret(bogus);
    const res = await postInitialize(anon, bogus, target.mcpUrl);
    await check.expectStatus(res, 401);
    const c = parseChallenge(res.headers()['www-authenticate']);
    std.must(
      c?.scheme.toLowerCase() === 'bearer',
      `WWW-Authenticate ${c ? `scheme ${c.scheme}` : 'missing'}, want Bearer`,
    );
    std.should(
      c!.params['error'] === 'invalid_token',
      `challenge error=${c!.params['error'] ?? '(none)'}, want invalid_token`,
    );
    std.should(!!c!.params['resource_metadata'], 'the challenge lost resource_metadata', 'RFC 9728 §5.1');
    std.detail(
      `${name.replace(/_/g, ' ')} token -> 401, challenge scheme ${c!.scheme}, error="${c!.params['error'] ?? ''}"${c!.params['resource_metadata'] ? ' with resource_metadata' : ''}`,
    );
  });
}
