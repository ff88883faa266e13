// The MCP app over HTTP, on both dialects: RFC 9728 metadata, 401 challenges, Host validation,
// 405, the SDK client calling every tool with an API key, boundary rejections, the SSE GET
// stream, session binding to the tenant, DELETE, and ?config_set=.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import crypto from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { FLAVORS, call, startService, type RunningService } from '../lib/service.js';
import { newTenant, type Tenant } from '../lib/tenant.js';
import { openStore, type Store } from '../../service/db/connect.js';
import { migrateToLatest } from '../../service/db/migrate.js';
import { loadConfig } from '../../service/config.js';
import { createMcpApp } from '../../service/apps/mcp.js';
import { sha256 } from '../../service/auth/secrets.js';
import { freePort, startThrowawayPostgres, type ThrowawayPostgres } from '../../scripts/lib/throwaway-postgres.js';

const ACCEPT_BOTH = 'application/json, text/event-stream';

async function connect(svc: RunningService, token: string, query = ''): Promise<Client> {
  const client = new Client({ name: 'engram-spec', version: '0.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL(svc.mcpUrl + query), {
    requestInit: { headers: { Authorization: `Bearer ${token}` } },
  });
  await client.connect(transport);
  return client;
}

/** Calls a tool and returns [structuredContent, result]; asserts the text content mirrors it. */
async function tool(client: Client, name: string, args: Record<string, unknown> = {}) {
  const r = (await client.callTool({ name, arguments: args })) as {
    structuredContent?: any;
    content: { type: string; text: string }[];
    isError?: boolean;
  };
  if (!r.isError) assert.deepEqual(JSON.parse(r.content[0].text), r.structuredContent, `${name}: text mirrors structuredContent`);
  return r;
}

/** A raw session, opened the way a non-SDK client (the smoke) does it. Returns its id. */
async function rawSession(svc: RunningService, token: string): Promise<string> {
  const init = await call(svc.mcpUrl, {
    token,
    headers: { accept: ACCEPT_BOTH },
    body: {
      jsonrpc: '2.0', id: 1, method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '0' } },
    },
  });
  assert.equal(init.status, 200, init.text);
  const sid = init.headers.get('mcp-session-id');
  assert.ok(sid, 'initialize returns Mcp-Session-Id');
  const notified = await call(svc.mcpUrl, {
    token,
    headers: { accept: ACCEPT_BOTH, 'mcp-session-id': sid },
    body: { jsonrpc: '2.0', method: 'notifications/initialized' },
  });
  assert.equal(notified.status, 202, notified.text);
  return sid;
}

/** GET /mcp as an SSE stream: resolves with status and content-type as soon as headers arrive. */
async function openSse(svc: RunningService, token: string, sid: string, timeoutMs = 3000) {
  const ac = new AbortController();
  const timer = setTimeout(() => ac.abort(), timeoutMs);
  try {
    const res = await fetch(svc.mcpUrl, {
      headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream', 'mcp-session-id': sid },
      signal: ac.signal,
    });
    return { status: res.status, type: res.headers.get('content-type') ?? '', body: res.headers.get('content-type')?.includes('json') ? await res.json() : undefined };
  } finally {
    clearTimeout(timer);
    ac.abort();
  }
}

/** A request with an arbitrary Host header (fetch cannot set Host). */
function withHost(url: string, host: string): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const req = http.request({ host: u.hostname, port: u.port, path: u.pathname, method: 'GET', headers: { host } }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : undefined }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** A fake OpenAI-compatible provider on loopback, for ?config_set= composing. */
async function fakeProvider(): Promise<{ port: number; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({
        id: 'x', object: 'chat.completion', model: 'fake',
        choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'FAKE PROVIDER ANSWER' } }],
        usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
      }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { port: (server.address() as AddressInfo).port, close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}

for (const flavor of FLAVORS) {
  describe(`mcp app on ${flavor}`, () => {
    let svc: RunningService;
    let provider: Awaited<ReturnType<typeof fakeProvider>>;
    let a: Tenant;
    let b: Tenant;
    let origin: string;
    const clients: Client[] = [];
    const open = async (token: string, query = '') => {
      const c = await connect(svc, token, query);
      clients.push(c);
      return c;
    };

    before(async () => {
      provider = await fakeProvider();
      svc = await startService(flavor, { BYOK_ALLOW_HOSTS: `127.0.0.1:${provider.port}` });
      origin = new URL(svc.mcpUrl).origin;
      [a, b] = await Promise.all([newTenant(svc, 'mcp-a'), newTenant(svc, 'mcp-b')]);
    });
    after(async () => {
      await Promise.allSettled(clients.map((c) => c.close()));
      await svc?.stop();
      await provider?.close();
    });

    test('RFC 9728 metadata at the root and the path-suffixed well-known URLs', async () => {
      for (const path of ['/.well-known/oauth-protected-resource', '/.well-known/oauth-protected-resource/mcp']) {
        const r = await call(origin + path);
        assert.equal(r.status, 200, path);
        assert.deepEqual(r.body, {
          resource: svc.mcpUrl,
          authorization_servers: [svc.adminUrl],
          scopes_supported: ['memories:read', 'memories:write'],
          bearer_methods_supported: ['header'],
          resource_name: 'Engram MCP',
        });
      }
      const wrong = await call(origin + '/.well-known/oauth-protected-resource/mcp', { method: 'POST', body: {} });
      assert.equal(wrong.status, 405);
      assert.match(wrong.headers.get('allow') ?? '', /GET/);
    });

    test('401 without credentials: resource_metadata challenge, no error code, JSON envelope', async () => {
      const r = await call(svc.mcpUrl, { headers: { accept: ACCEPT_BOTH }, body: { jsonrpc: '2.0', id: 1, method: 'ping' } });
      assert.equal(r.status, 401);
      const www = r.headers.get('www-authenticate') ?? '';
      assert.match(www, new RegExp(`^Bearer resource_metadata="${origin}/\\.well-known/oauth-protected-resource/mcp"`));
      assert.ok(!/error=/.test(www), `no error code when no credentials were sent: ${www}`);
      assert.equal(r.body.error.code, 'unauthenticated');
      assert.equal(typeof r.body.error.message, 'string');
    });

    test('401 invalid_token for unknown keys, unknown OAuth tokens and session JWTs', async () => {
      for (const token of [`egk_${'x'.repeat(40)}`, `ega_${'y'.repeat(43)}`, a.session, 'garbage']) {
        const r = await call(svc.mcpUrl, { token, headers: { accept: ACCEPT_BOTH }, body: { jsonrpc: '2.0', id: 1, method: 'ping' } });
        assert.equal(r.status, 401, token.slice(0, 4));
        assert.equal(r.body.error.code, 'invalid_token');
        const www = r.headers.get('www-authenticate') ?? '';
        assert.match(www, /resource_metadata="[^"]+\/\.well-known\/oauth-protected-resource\/mcp"/);
        assert.match(www, /error="invalid_token"/);
      }
    });

    test('Host header validation: foreign hosts 403, loopback names of this port pass', async () => {
      const port = new URL(svc.mcpUrl).port;
      for (const host of ['evil.example', `evil.example:${port}`, '127.0.0.1:1', `localhost.evil.example:${port}`]) {
        const r = await withHost(svc.mcpUrl, host);
        assert.equal(r.status, 403, host);
        assert.equal(r.body.error.code, 'forbidden');
      }
      for (const host of [`127.0.0.1:${port}`, `localhost:${port}`]) {
        const r = await withHost(svc.mcpUrl, host);
        assert.equal(r.status, 401, `${host} passes the Host check (then needs credentials)`);
      }
    });

    test('wrong method on /mcp is 405 with Allow', async () => {
      const r = await call(svc.mcpUrl, { method: 'PUT', token: a.apiKey, body: {} });
      assert.equal(r.status, 405);
      assert.equal(r.body.error.code, 'method_not_allowed');
      const allow = r.headers.get('allow') ?? '';
      for (const m of ['GET', 'POST', 'DELETE']) assert.ok(allow.includes(m), allow);
    });

    test('SDK client with an API key lists the tools with schemas and descriptions', async () => {
      const client = await open(a.apiKey);
      const { tools } = await client.listTools();
      const byName = new Map(tools.map((t) => [t.name, t]));
      for (const name of ['store_memory', 'query', 'list_memories', 'list_buckets', 'delete_memory']) {
        const t = byName.get(name);
        assert.ok(t, `tool ${name} listed`);
        assert.ok((t.description ?? '').length > 10, `${name} has a description`);
        assert.equal(t.inputSchema.type, 'object');
        assert.equal(t.outputSchema?.type, 'object', `${name} has an output schema`);
      }
      assert.deepEqual(byName.get('store_memory')!.inputSchema.required, ['content']);
    });

    test('store, dedup, list, query, list_buckets, delete through the tools', async () => {
      const client = await open(a.apiKey);
      const marker = `mcp${crypto.randomBytes(6).toString('hex')}`;
      const stored = await tool(client, 'store_memory', { content: `The smoke marker is ${marker}. #SmokeRun` });
      assert.ok(!stored.isError);
      const s = stored.structuredContent;
      assert.equal(s.bucket, 'smokerun');
      assert.equal(s.deduplicated, false);
      assert.equal(typeof s.bucket_id, 'number');

      const again = await tool(client, 'store_memory', { content: `  the SMOKE marker is   ${marker}. #smokerun ` });
      assert.equal(again.structuredContent.memory_id, s.memory_id);
      assert.equal(again.structuredContent.deduplicated, true);

      const listed = await tool(client, 'list_memories', { bucket: 'smokerun' });
      assert.equal(listed.structuredContent.total, 1);
      assert.deepEqual(listed.structuredContent.memories.map((m: any) => m.id), [s.memory_id]);
      assert.match(listed.structuredContent.memories[0].created_at, /Z$/);

      const q = await tool(client, 'query', { question: `what is the smoke marker ${marker}` });
      assert.equal(q.structuredContent.context[0].memory_id, s.memory_id);
      assert.equal(q.structuredContent.context[0].score, 1);
      assert.match(q.structuredContent.answer, new RegExp(marker));
      assert.equal(q.structuredContent.config_set, null);
      assert.equal(q.structuredContent.composer, 'extractive');

      const buckets = await tool(client, 'list_buckets');
      assert.deepEqual(buckets.structuredContent.buckets.find((x: any) => x.name === 'smokerun'), {
        id: s.bucket_id, name: 'smokerun', memory_count: 1,
      });

      const del = await tool(client, 'delete_memory', { memory_id: s.memory_id });
      assert.deepEqual(del.structuredContent, { deleted: true });
      const gone = await tool(client, 'delete_memory', { memory_id: s.memory_id });
      assert.equal(gone.isError, true);
      assert.match(gone.content[0].text, /not found/i);
    });

    test('empty, whitespace-only and oversized content are tool errors naming the rule', async () => {
      const client = await open(a.apiKey);
      for (const content of ['', '   \n\t']) {
        const r = await tool(client, 'store_memory', { content });
        assert.equal(r.isError, true, JSON.stringify(content));
        assert.match(r.content[0].text, /content_empty/);
      }
      const big = await tool(client, 'store_memory', { content: 'a'.repeat(16385) });
      assert.equal(big.isError, true);
      assert.match(big.content[0].text, /16384/);
      const fits = await tool(client, 'store_memory', { content: `${'b'.repeat(16379)} #big` });
      assert.ok(!fits.isError, fits.content[0].text);
      const badBucket = await tool(client, 'store_memory', { content: 'x', bucket: 'Not Valid!' });
      assert.equal(badBucket.isError, true);
      const unknownBucket = await tool(client, 'list_memories', { bucket: 'never-made' });
      assert.equal(unknownBucket.isError, true);
      assert.match(unknownBucket.content[0].text, /not found/i);
      const emptyQuestion = await tool(client, 'query', { question: ' ' });
      assert.equal(emptyQuestion.isError, true);
    });

    test('tenants never see each other through the tools', async () => {
      const ca = await open(a.apiKey);
      const cb = await open(b.apiKey);
      const marker = `iso${crypto.randomBytes(6).toString('hex')}`;
      const s = (await tool(ca, 'store_memory', { content: `private ${marker}`, bucket: 'private' })).structuredContent;
      const q = await tool(cb, 'query', { question: marker });
      assert.deepEqual(q.structuredContent.context, []);
      const lb = await tool(cb, 'list_buckets');
      assert.ok(!lb.structuredContent.buckets.some((x: any) => x.name === 'private'));
      assert.equal((await tool(cb, 'list_memories', { bucket: 'private' })).isError, true);
      assert.equal((await tool(cb, 'delete_memory', { memory_id: s.memory_id })).isError, true);
      assert.equal((await tool(ca, 'list_memories', { bucket: 'private' })).structuredContent.total, 1);
    });

    test('SSE GET with the session id: 200 text/event-stream headers promptly, then abort', async () => {
      const sid = await rawSession(svc, a.apiKey);
      const started = Date.now();
      const sse = await openSse(svc, a.apiKey, sid);
      assert.equal(sse.status, 200);
      assert.match(sse.type, /^text\/event-stream/);
      assert.ok(Date.now() - started < 3000, 'headers arrived before the abort');
      const missing = await call(svc.mcpUrl, { token: a.apiKey, headers: { accept: 'text/event-stream' } });
      assert.equal(missing.status, 400);
      assert.equal(missing.body.error.code, 'invalid_request');
      const unknown = await openSse(svc, a.apiKey, crypto.randomUUID());
      assert.equal(unknown.status, 404);
    });

    test("sessions are bound to their tenant: another tenant's session id is 404", async () => {
      const sid = await rawSession(svc, a.apiKey);
      const sse = await openSse(svc, b.apiKey, sid);
      assert.equal(sse.status, 404);
      const post = await call(svc.mcpUrl, {
        token: b.apiKey,
        headers: { accept: ACCEPT_BOTH, 'mcp-session-id': sid },
        body: { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'list_buckets', arguments: {} } },
      });
      assert.equal(post.status, 404);
      assert.equal(post.body.error.code, 'not_found');
      const own = await call(svc.mcpUrl, {
        token: a.apiKey,
        headers: { accept: ACCEPT_BOTH, 'mcp-session-id': sid },
        body: { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'list_buckets', arguments: {} } },
      });
      assert.equal(own.status, 200, own.text);
      assert.ok(Array.isArray(own.body.result.structuredContent.buckets));
    });

    test('DELETE /mcp ends the session', async () => {
      const sid = await rawSession(svc, a.apiKey);
      const other = await call(svc.mcpUrl, { method: 'DELETE', token: b.apiKey, headers: { 'mcp-session-id': sid } });
      assert.equal(other.status, 404, 'another tenant cannot end it');
      const del = await call(svc.mcpUrl, { method: 'DELETE', token: a.apiKey, headers: { 'mcp-session-id': sid } });
      assert.equal(del.status, 200, del.text);
      const after = await call(svc.mcpUrl, {
        token: a.apiKey,
        headers: { accept: ACCEPT_BOTH, 'mcp-session-id': sid },
        body: { jsonrpc: '2.0', id: 3, method: 'ping' },
      });
      assert.equal(after.status, 404);
    });

    test('a revoked API key is refused on an open session at once', async () => {
      const c = await newTenant(svc, 'mcp-revoke');
      const sid = await rawSession(svc, c.apiKey);
      const keys = await call(`${svc.adminUrl}/account/api-keys`, { token: c.session });
      const id = keys.body.api_keys[0].id;
      assert.equal((await call(`${svc.adminUrl}/account/api-keys/${id}`, { method: 'DELETE', token: c.session })).status, 204);
      const r = await call(svc.mcpUrl, {
        token: c.apiKey,
        headers: { accept: ACCEPT_BOTH, 'mcp-session-id': sid },
        body: { jsonrpc: '2.0', id: 4, method: 'ping' },
      });
      assert.equal(r.status, 401);
      assert.equal(r.body.error.code, 'invalid_token');
    });

    test('?config_set=: unknown profile is a clear tool error; a known one names itself', async (t) => {
      const unknown = await open(a.apiKey, '?config_set=nope');
      const r = await tool(unknown, 'query', { question: 'anything' });
      assert.equal(r.isError, true);
      assert.match(r.content[0].text, /config_set_not_found.*nope/);

      const created = await call(`${svc.adminUrl}/account/byok`, {
        token: a.session,
        body: { name: 'local-fake', provider: 'openai', base_url: `http://127.0.0.1:${provider.port}/v1`, api_key: 'sk-test-0000-abcd', model: 'fake' },
      });
      if (created.status === 404 || created.status === 405) {
        t.skip('POST /account/byok is not available yet');
        return;
      }
      assert.equal(created.status, 201, created.text);
      const known = await open(a.apiKey, '?config_set=local-fake');
      await tool(known, 'store_memory', { content: 'The provider check memory mentions zebras.' });
      // Not validated yet: the provider is not used, the extractive composer answers.
      const before = await tool(known, 'query', { question: 'zebras' });
      assert.ok(!before.isError, before.content[0].text);
      assert.equal(before.structuredContent.config_set, 'local-fake');
      assert.equal(before.structuredContent.composer, 'extractive');
      assert.match(before.structuredContent.answer, /zebras/);
      // Validated against the fake provider on loopback: the provider composes, and says so.
      const validated = await call(`${svc.adminUrl}/account/byok/${created.body.id}/validate`, { method: 'POST', token: a.session });
      assert.equal(validated.status, 200, validated.text);
      const q = await tool(known, 'query', { question: 'zebras' });
      assert.equal(q.structuredContent.config_set, 'local-fake');
      assert.equal(q.structuredContent.composer, 'provider:openai');
      assert.equal(q.structuredContent.answer, 'FAKE PROVIDER ANSWER');
      assert.ok(q.structuredContent.context.some((c: any) => /zebras/.test(c.content)), 'context is still the retrieval');
    });
  });
}

// OAuth access tokens cannot be minted over HTTP without the browser sign-in flow (the OAuth
// area's tests do that end to end); here the MCP app runs in-process over a store we can write
// token rows into, to pin the RFC 8707 audience rule on both dialects.
for (const flavor of FLAVORS) {
  describe(`mcp app OAuth audience on ${flavor} (in-process)`, () => {
    let store: Store;
    let pg: ThrowawayPostgres | undefined;
    let server: http.Server;
    let mcpUrl: string;
    let customerId: string;
    const token = async (resource: string | null, opts: { expiresInMs?: number; revoked?: boolean; kind?: 'access' | 'refresh' } = {}) => {
      const value = `ega_${crypto.randomBytes(32).toString('base64url')}`;
      const now = new Date().toISOString();
      await store.db
        .insertInto('oauth_tokens')
        .values({
          token_hash: sha256(value), kind: opts.kind ?? 'access', client_id: 'spec-client', customer_id: customerId,
          scopes: 'memories:read memories:write', resource, family_id: crypto.randomUUID(),
          expires_at: new Date(Date.now() + (opts.expiresInMs ?? 600_000)).toISOString(), rotated_at: null,
          revoked_at: opts.revoked ? now : null, created_at: now,
        })
        .execute();
      return value;
    };

    before(async () => {
      if (flavor === 'postgres') pg = await startThrowawayPostgres();
      store = openStore(flavor === 'postgres' ? { databaseUrl: pg!.url } : { sqlitePath: ':memory:' });
      await migrateToLatest(store);
      const port = await freePort();
      const config = loadConfig({ SESSION_SECRET: 's'.repeat(32), MCP_PORT: String(port) });
      mcpUrl = config.mcpUrl;
      customerId = crypto.randomUUID();
      const now = new Date().toISOString();
      await store.db.insertInto('customers').values({
        id: customerId, email: `oauth-${customerId}@engram.test`, name: null, password_hash: 'x', role: 'customer',
        billing_plan: 'free', billing_status: 'active', settings: '{}', stripe_customer_id: null, created_at: now,
      }).execute();
      await store.db.insertInto('oauth_clients').values({ client_id: 'spec-client', client_secret_hash: null, metadata: '{}', created_at: now }).execute();
      const app = createMcpApp({ config, store, log: () => {} });
      await new Promise<void>((r) => (server = app.listen(port, '127.0.0.1', () => r())));
    });
    after(async () => {
      server?.closeAllConnections();
      await new Promise((r) => server?.close(r));
      await store?.close();
      pg?.stop();
    });

    test('a token issued for this MCP resource works with the SDK client', async () => {
      const client = new Client({ name: 'oauth-spec', version: '0' });
      await client.connect(new StreamableHTTPClientTransport(new URL(mcpUrl), {
        requestInit: { headers: { Authorization: `Bearer ${await token(mcpUrl)}` } },
      }));
      try {
        const r = (await client.callTool({ name: 'store_memory', arguments: { content: 'via oauth #oauth' } })) as any;
        assert.equal(r.structuredContent.bucket, 'oauth');
      } finally {
        await client.close();
      }
    });

    test('tokens for another resource, for no resource, expired, revoked, or refresh tokens: 401 invalid_token', async () => {
      const cases: [string, string][] = [
        ['other resource', await token('http://127.0.0.1:1/mcp')],
        ['other path', await token(mcpUrl.replace(/\/mcp$/, '/other'))],
        ['no resource', await token(null)],
        ['expired', await token(mcpUrl, { expiresInMs: -1000 })],
        ['revoked', await token(mcpUrl, { revoked: true })],
        ['refresh kind', await token(mcpUrl, { kind: 'refresh' })],
      ];
      for (const [label, t] of cases) {
        const r = await call(mcpUrl, { token: t, headers: { accept: ACCEPT_BOTH }, body: { jsonrpc: '2.0', id: 1, method: 'ping' } });
        assert.equal(r.status, 401, label);
        assert.equal(r.body.error.code, 'invalid_token', label);
        assert.match(r.headers.get('www-authenticate') ?? '', /error="invalid_token"/, label);
      }
    });
  });
}
