/**
 * A foreign stack for the standards profile: an MCP server built from the MCP SDK's server classes,
 * whose authorization server is panva's oidc-provider (dynamic registration, PKCE, RFC 8707
 * resource indicators, refresh-token rotation, revocation, its own dev login and consent pages).
 * The MCP server checks tokens by RFC 7662 introspection, audience included.
 *
 *   OIDC_MCP_PORT=4555 OIDC_AS_PORT=4556 node --import tsx spec/foreign/oidc-mcp-server.ts
 *
 * Faults (env, "1" to switch on), each for a check that must go red:
 *   FAULT_PRM_RESOURCE  the protected-resource metadata names another resource
 *   FAULT_NO_PKCE       the authorization server no longer requires PKCE
 *   FAULT_NO_CHALLENGE  the MCP 401 carries no WWW-Authenticate
 */
import { randomBytes, randomUUID } from 'node:crypto';
import express from 'express';
import Provider from 'oidc-provider';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';

const mcpPort = Number(process.env.OIDC_MCP_PORT ?? 4555);
const asPort = Number(process.env.OIDC_AS_PORT ?? 4556);
const fault = (name: string) => process.env[name] === '1';
const host = '127.0.0.1';
const mcpUrl = `http://${host}:${mcpPort}/mcp`;
const issuer = `http://${host}:${asPort}`;
const SCOPE = 'mcp:tools';
const introspector = {
  client_id: 'mcp-resource-server',
  client_secret: randomBytes(24).toString('base64url'),
};

const provider = new Provider(issuer, {
  clients: [{ ...introspector, grant_types: [], response_types: [], redirect_uris: [] }],
  scopes: ['openid', 'offline_access', SCOPE],
  features: {
    devInteractions: { enabled: true },
    registration: { enabled: true },
    revocation: { enabled: true },
    introspection: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => mcpUrl,
      useGrantedResource: () => true,
      getResourceServerInfo: (_ctx, resource) => ({
        scope: SCOPE,
        audience: resource,
        accessTokenFormat: 'opaque',
      }),
    },
  },
  pkce: { required: () => !fault('FAULT_NO_PKCE') },
  issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
  rotateRefreshToken: true,
  cookies: { keys: [randomBytes(32).toString('base64url')] },
});

/** RFC 7662 introspection with the resource server's own client credentials. */
async function introspect(
  token: string,
): Promise<{ active: boolean; aud?: string | string[]; exp?: number; scope?: string; client_id?: string }> {
  const res = await fetch(`${issuer}/token/introspection`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${introspector.client_id}:${introspector.client_secret}`).toString('base64')}`,
    },
    body: new URLSearchParams({ token }).toString(),
  });
  return res.ok ? ((await res.json()) as { active: boolean }) : { active: false };
}

const resourceMetadataUrl = `http://${host}:${mcpPort}/.well-known/oauth-protected-resource/mcp`;
const challenge = (error?: string) =>
  `Bearer resource_metadata="${resourceMetadataUrl}", scope="${SCOPE}"${error ? `, error="${error}"` : ''}`;

/** Every /mcp request carries a token issued for this resource (RFC 8707 audience), or gets 401. */
const requireToken: express.RequestHandler = (req, res, next) => {
  const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  const deny = (error?: string) => {
    if (!fault('FAULT_NO_CHALLENGE')) res.set('WWW-Authenticate', challenge(error));
    res.status(401).json({ error: error ?? 'unauthorized' });
  };
  if (!m) return deny();
  introspect(m[1]!)
    .then((t) => {
      const aud = [t.aud ?? []].flat();
      if (!t.active || !aud.includes(mcpUrl)) return deny('invalid_token');
      next();
    })
    .catch(() => deny('invalid_token'));
};

function mcpServer(): McpServer {
  const server = new McpServer({ name: 'oidc-provider-mcp', version: '1.0.0' });
  server.registerTool(
    'echo',
    { description: 'Echoes its input', inputSchema: { text: z.string() } },
    async ({ text }) => ({
      content: [{ type: 'text', text }],
    }),
  );
  return server;
}

const app = express();
app.get(
  ['/.well-known/oauth-protected-resource/mcp', '/.well-known/oauth-protected-resource'],
  (_req, res) => {
    res.json({
      resource: fault('FAULT_PRM_RESOURCE') ? `http://${host}:${mcpPort}/other` : mcpUrl,
      authorization_servers: [issuer],
      scopes_supported: [SCOPE],
      bearer_methods_supported: ['header'],
    });
  },
);
const sessions = new Map<string, StreamableHTTPServerTransport>();
app.post('/mcp', requireToken, express.json(), async (req, res) => {
  const id = req.headers['mcp-session-id'];
  let transport = typeof id === 'string' ? sessions.get(id) : undefined;
  if (!transport) {
    if (typeof id === 'string' || !isInitializeRequest(req.body)) {
      res
        .status(typeof id === 'string' ? 404 : 400)
        .json({ jsonrpc: '2.0', error: { code: -32000, message: 'No valid session' }, id: null });
      return;
    }
    const t = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (sid) => void sessions.set(sid, t),
    });
    t.onclose = () => t.sessionId && sessions.delete(t.sessionId);
    await mcpServer().connect(t);
    transport = t;
  }
  await transport.handleRequest(req, res, req.body);
});
const onSession: express.RequestHandler = async (req, res) => {
  const id = req.headers['mcp-session-id'];
  const transport = typeof id === 'string' ? sessions.get(id) : undefined;
  if (!transport) {
    res
      .status(typeof id === 'string' ? 404 : 400)
      .json({ jsonrpc: '2.0', error: { code: -32000, message: 'No valid session' }, id: null });
    return;
  }
  await transport.handleRequest(req, res);
};
app.get('/mcp', requireToken, onSession);
app.delete('/mcp', requireToken, onSession);

provider.listen(asPort, host);
app.listen(mcpPort, host, () => console.log(`oidc-mcp ready mcp=${mcpUrl} issuer=${issuer}`));
