// Bad input never 500s: a property-based pass over every REST endpoint and MCP tool with
// malformed JSON, wrong types, missing/extra fields, huge and empty bodies, unicode and control
// characters, wrong content types and invalid tokens. Asserts: no 5xx, a JSON error envelope
// (RFC 6749 body on OAuth endpoints), the service still healthy, and nothing changed by a
// rejected request.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { FLAVORS, startService, call, type RunningService } from '../lib/service.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 25);

// Values that break naive handlers: wrong types, deep nesting, unicode, control characters.
const nasty = fc.oneof(
  fc.constantFrom(
    null,
    true,
    false,
    0,
    -1,
    1e308,
    NaN,
    '',
    ' ',
    '\u0000',
    '\u202e\u0301',
    '💥'.repeat(50),
    '../../etc/passwd',
    '<script>',
    "' OR 1=1 --",
    '{}',
    '[]',
  ),
  fc.string({ maxLength: 200 }),
  fc.integer(),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 5 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 4 }),
);
const bodyFor = (fields: string[]) =>
  fc.oneof(
    fc.record(Object.fromEntries(fields.map((f) => [f, nasty])), { requiredKeys: [] }),
    fc.dictionary(fc.string({ maxLength: 12 }), nasty, { maxKeys: 6 }),
    nasty,
  );
const rawBody = fc.oneof(
  fc.constantFrom(
    '{',
    '{"a":',
    'null',
    '[]',
    '"x"',
    '{"__proto__":{"admin":true}}',
    '\u0000\u0001',
    'a'.repeat(70_000),
  ),
  fc.string({ maxLength: 300 }),
);

interface Endpoint {
  method: string;
  path: (ids: Ids) => string;
  fields: string[];
  auth: 'session' | 'api_key' | 'none';
  app: 'admin' | 'router';
  oauth?: boolean;
  /** Changes tenant state when accepted: a rejected request must leave that state as it was. */
  stateful?: boolean;
}
interface Ids {
  keyId: string;
  byokId: string;
  bucketId: string;
}

const ENDPOINTS: Endpoint[] = [
  {
    method: 'POST',
    path: () => '/auth/signup',
    fields: ['email', 'password', 'name'],
    auth: 'none',
    app: 'admin',
  },
  { method: 'POST', path: () => '/auth/login', fields: ['email', 'password'], auth: 'none', app: 'admin' },
  {
    method: 'PUT',
    path: () => '/account/settings',
    fields: ['display_name', 'timezone', 'default_bucket', 'email_notifications', 'retention_days'],
    auth: 'session',
    app: 'admin',
    stateful: true,
  },
  {
    method: 'POST',
    path: () => '/account/api-keys',
    fields: ['name'],
    auth: 'session',
    app: 'admin',
    stateful: true,
  },
  { method: 'DELETE', path: () => '/account/api-keys/%00', fields: [], auth: 'session', app: 'admin' },
  {
    method: 'POST',
    path: () => '/account/byok',
    fields: ['name', 'provider', 'base_url', 'api_key', 'model'],
    auth: 'session',
    app: 'admin',
  },
  {
    method: 'PUT',
    path: (i) => `/account/byok/${i.byokId}`,
    fields: ['name', 'provider', 'base_url', 'api_key', 'model'],
    auth: 'session',
    app: 'admin',
    stateful: true,
  },
  {
    method: 'PUT',
    path: (i) => `/account/byok/${i.byokId}/overrides/composer`,
    fields: ['model', 'params'],
    auth: 'session',
    app: 'admin',
    stateful: true,
  },
  { method: 'GET', path: () => '/router/buckets/abc/memories', fields: [], auth: 'api_key', app: 'router' },
  {
    method: 'GET',
    path: () => '/router/buckets/99999999999999999999/memories',
    fields: [],
    auth: 'api_key',
    app: 'router',
  },
  {
    method: 'POST',
    path: () => '/webhooks/stripe',
    fields: ['id', 'type', 'data'],
    auth: 'none',
    app: 'admin',
  },
  {
    method: 'POST',
    path: () => '/register',
    fields: ['redirect_uris', 'client_name', 'token_endpoint_auth_method'],
    auth: 'none',
    app: 'admin',
    oauth: true,
  },
  {
    method: 'POST',
    path: () => '/token',
    fields: ['grant_type', 'code', 'code_verifier', 'client_id', 'redirect_uri', 'refresh_token'],
    auth: 'none',
    app: 'admin',
    oauth: true,
  },
  {
    method: 'POST',
    path: () => '/revoke',
    fields: ['token', 'token_type_hint', 'client_id'],
    auth: 'none',
    app: 'admin',
    oauth: true,
  },
];

/** fast-check hides the failing assertion in `cause`; name the endpoint and surface it. */
async function property(what: string, run: () => Promise<void>) {
  try {
    await run();
  } catch (err) {
    const cause = (err as { cause?: unknown }).cause;
    const inner = cause instanceof Error ? cause.message : '';
    throw new Error(
      `${what}: ${inner || (err as Error).message.split('\n').slice(0, 3).join(' ')}\n${(err as Error).message.split('\n').slice(0, 3).join('\n')}`,
      { cause: err },
    );
  }
}

for (const flavor of FLAVORS) {
  describe(`fuzz on ${flavor}`, () => {
    let svc: RunningService;
    let session = '';
    let apiKey = '';
    const ids: Ids = { keyId: '', byokId: '', bucketId: '1' };

    const state = async () => {
      const [settings, keys, byok] = await Promise.all([
        call(`${svc.adminUrl}/account/settings`, { token: session }),
        call(`${svc.adminUrl}/account/api-keys`, { token: session }),
        call(`${svc.adminUrl}/account/byok/${ids.byokId}`, { token: session }),
      ]);
      return JSON.stringify([settings.body, keys.body?.api_keys?.length, byok.body]);
    };

    before(async () => {
      svc = await startService(flavor);
      const email = `fuzz-${Date.now()}@example.test`;
      const signup = await call(`${svc.adminUrl}/auth/signup`, {
        body: { email, password: 'fuzz-password-123' },
      });
      assert.equal(signup.status, 201, signup.text);
      session = signup.body.token;
      const key = await call(`${svc.adminUrl}/account/api-keys`, { token: session, body: { name: 'fuzz' } });
      apiKey = key.body.key;
      ids.keyId = key.body.id;
      const byok = await call(`${svc.adminUrl}/account/byok`, {
        token: session,
        body: { name: 'fuzz', provider: 'openai', api_key: 'sk-fuzz-00000000', model: 'gpt-4o-mini' },
      });
      assert.equal(byok.status, 201, byok.text);
      ids.byokId = byok.body.id;
    });
    after(async () => svc?.stop());

    const assertSane = (ep: Endpoint, r: { status: number; text: string; body: any }) => {
      const where = `${ep.method} ${ep.path(ids)} -> ${r.status} ${r.text.slice(0, 200)}`;
      assert.ok(r.status < 500, `5xx: ${where}`);
      assert.ok(!/\bat .+\.(ts|js):\d+/.test(r.text), `stack trace in body: ${where}`);
      if (r.status >= 400) {
        if (ep.oauth) assert.equal(typeof r.body?.error, 'string', `OAuth error body: ${where}`);
        else assert.equal(typeof r.body?.error?.code, 'string', `error envelope: ${where}`);
      }
    };

    test('JSON bodies of every shape: no 5xx, envelope on errors', async () => {
      for (const ep of ENDPOINTS) {
        await property(`${ep.method} ${ep.path(ids)}`, () =>
          fc.assert(
            fc.asyncProperty(bodyFor(ep.fields), async (body) => {
              const token = ep.auth === 'session' ? session : ep.auth === 'api_key' ? apiKey : undefined;
              const base = ep.app === 'router' ? svc.routerUrl : svc.adminUrl;
              const before = ep.stateful ? await state() : '';
              // GET carries no body: fuzz its query string instead.
              const r =
                ep.method === 'GET'
                  ? await call(`${base}${ep.path(ids)}?q=${encodeURIComponent(JSON.stringify(body) ?? '')}`, {
                      token,
                    })
                  : await call(base + ep.path(ids), { method: ep.method, token, body });
              assertSane(ep, r);
              if (ep.stateful && r.status >= 400)
                assert.equal(
                  await state(),
                  before,
                  `rejected ${ep.method} ${ep.path(ids)} (${r.status}) changed data`,
                );
            }),
            { numRuns: RUNS },
          ),
        );
      }
    });

    test('raw bodies, wrong content types and invalid tokens: no 5xx', async () => {
      const types = fc.constantFrom(
        'application/json',
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/json; charset=utf-16',
      );
      const tokens = fc.oneof(
        fc.constant(session),
        fc.constantFrom('', 'Bearer', 'egk_', 'ega_x', 'eyJhbGciOiJub25lIn0.e30.', 'x'.repeat(5000)),
        fc.string({ maxLength: 50 }),
      );
      for (const ep of ENDPOINTS) {
        await property(`${ep.method} ${ep.path(ids)} (raw)`, () =>
          fc.assert(
            fc.asyncProperty(rawBody, types, tokens, async (raw, type, token) => {
              const base = ep.app === 'router' ? svc.routerUrl : svc.adminUrl;
              const headers: Record<string, string> = { 'content-type': type };
              if (ep.auth !== 'none') headers.authorization = `Bearer ${token}`;
              const method = ep.method === 'GET' ? 'POST' : ep.method;
              let r;
              try {
                r = await call(base + ep.path(ids), { method, raw, headers });
              } catch {
                return; // the client refused to send (e.g. an invalid header value): nothing reached the service
              }
              assertSane(ep, r);
            }),
            { numRuns: RUNS },
          ),
        );
      }
    });

    test('MCP tools with arbitrary arguments answer a result or a tool error, never a crash', async () => {
      const client = new Client({ name: 'fuzz', version: '1' });
      await client.connect(
        new StreamableHTTPClientTransport(new URL(svc.mcpUrl), {
          requestInit: { headers: { Authorization: `Bearer ${apiKey}` } },
        }),
      );
      try {
        const tools = ['store_memory', 'query', 'list_memories', 'list_buckets', 'delete_memory'];
        await fc.assert(
          fc.asyncProperty(
            fc.constantFrom(...tools),
            fc.dictionary(
              fc.constantFrom('content', 'bucket', 'question', 'top_k', 'memory_id', 'x'),
              nasty,
              { maxKeys: 4 },
            ),
            async (name, args) => {
              try {
                const r = await client.callTool({ name, arguments: args });
                assert.ok(Array.isArray(r.content), `${name}: no content`);
              } catch (err) {
                // Invalid params are a JSON-RPC error (-32602), never an internal error (-32603).
                const code = (err as { code?: number }).code;
                assert.notEqual(
                  code,
                  -32603,
                  `${name}(${JSON.stringify(args).slice(0, 100)}): internal error`,
                );
              }
            },
          ),
          { numRuns: RUNS * 2 },
        );
      } finally {
        await client.close();
      }
    });

    test('the service is still healthy after fuzzing', async () => {
      for (const url of [svc.adminUrl, svc.routerUrl, svc.mcpUrl.replace(/\/mcp$/, '')]) {
        const h = await call(`${url}/health`);
        assert.equal(h.status, 200, `${url}/health after fuzzing: ${h.text}`);
      }
    });
  });
}
