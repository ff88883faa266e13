/**
 * The MCP endpoint itself: initialize, the tool list and its schemas, and who gets in (API keys
 * and OAuth access tokens) and who does not (made-up tokens, session JWTs).
 */
import { SUPPORTED_PROTOCOL_VERSIONS } from '@modelcontextprotocol/sdk/types.js';
import { test, rememberSecret } from '../../helpers/fixtures.js';
import { closeRawSession, jsonRpcOf, postInitialize } from '../../helpers/protocol/mcp-http.js';
import { storeMemory, uniqueBucket, marker } from '../../helpers/checks/memories.js';
import { freshTokens } from '../../helpers/protocol/oauth-flow.js';
import { noTokenReason, oauthTokenOutcome } from '../../helpers/run/oauth-state.js';
import { ErrorEnvelope, ListBucketsResult } from '../../helpers/schemas/index.js';
import { randomBytes } from 'node:crypto';

interface InitResult {
  result?: {
    protocolVersion?: unknown;
    serverInfo?: { name?: unknown; version?: unknown };
    capabilities?: { tools?: unknown };
  };
  error?: { code?: number; message?: string };
}

test('initialize.server_info.protocol', { tag: ['@critical'] }, async ({ http, state, check }) => {
  const key = state.api_key?.key ?? '';
  const res = await postInitialize(await http({ app: 'mcp' }), key);
  await check.expectStatus(res, 200);
  const sessionId = res.headers()['mcp-session-id'];
  const msg = jsonRpcOf(await res.text(), res.headers()['content-type'] ?? '') as InitResult | undefined;
  try {
    check.that(
      !!msg?.result,
      `initialize answered ${msg?.error ? `JSON-RPC error ${msg.error.code}` : 'no result'}`,
    );
    const r = msg!.result!;
    const pv = String(r.protocolVersion ?? '');
    check.that(
      SUPPORTED_PROTOCOL_VERSIONS.includes(pv),
      `protocolVersion "${pv}" is not one the MCP SDK speaks (${SUPPORTED_PROTOCOL_VERSIONS.join(', ')})`,
    );
    const name = r.serverInfo?.name;
    const version = r.serverInfo?.version;
    check.that(typeof name === 'string' && name.length > 0, 'serverInfo.name missing');
    check.that(typeof version === 'string' && version.length > 0, 'serverInfo.version missing');
    check.that(!!r.capabilities?.tools, 'capabilities.tools missing: the server offers no tools');
    check.that(!!sessionId, 'no Mcp-Session-Id header: stateful sessions (and the SSE GET) cannot work');
    check.detail(
      `serverInfo ${String(name)} ${String(version)}, protocol ${pv}, tools capability, Mcp-Session-Id issued`,
    );
  } finally {
    if (sessionId)
      await closeRawSession(state.urls.mcp, key, {
        sessionId,
        protocolVersion: String(msg?.result?.protocolVersion ?? ''),
      });
  }
});

const REQUIRED: Record<string, string[]> = {
  store_memory: ['content'],
  query: ['question'],
  list_memories: ['bucket'],
  list_buckets: [],
  delete_memory: ['memory_id'],
};

test('tools.list.input_schemas', async ({ mcp, check }) => {
  const s = await mcp();
  const { tools } = await s.client.listTools();
  const names = tools.map((t) => t.name);
  const missing = Object.keys(REQUIRED).filter((n) => !names.includes(n));
  check.that(missing.length === 0, `tools missing: ${missing.join(', ')} (listed: ${names.join(', ')})`);
  for (const [name, required] of Object.entries(REQUIRED)) {
    const schema = tools.find((t) => t.name === name)!.inputSchema as {
      type?: string;
      properties?: Record<string, unknown>;
      required?: string[];
    };
    check.equal(schema?.type, 'object', `${name}.inputSchema.type`);
    const props = Object.keys(schema.properties ?? {});
    const absent = required.filter((f) => !props.includes(f));
    check.that(absent.length === 0, `${name}.inputSchema has no ${absent.join(', ')} property`);
    const notRequired = required.filter((f) => !(schema.required ?? []).includes(f));
    check.that(notRequired.length === 0, `${name}.inputSchema does not require ${notRequired.join(', ')}`);
  }
  const store = tools.find((t) => t.name === 'store_memory')!.inputSchema as { required?: string[] };
  check.that(
    !(store.required ?? []).includes('bucket'),
    'store_memory requires bucket: auto-bucketing is impossible',
  );
  check.detail(
    `${tools.length} tools (${names.join(', ')}); each of the 5 has an object inputSchema with its required fields (content, question, bucket, memory_id)`,
  );
});

test('auth.api_key.accepted', async ({ http, mcp, state, check }) => {
  const key = state.api_key?.key ?? '';
  const res = await postInitialize(await http({ app: 'mcp' }), key);
  await check.expectStatus(res, 200);
  const sessionId = res.headers()['mcp-session-id'];
  if (sessionId) await closeRawSession(state.urls.mcp, key, { sessionId, protocolVersion: '' });
  const r = await (await mcp()).callTool('list_buckets');
  check.that(!r.isError, `list_buckets with the API key: tool error ${r.text.slice(0, 120)}`);
  const buckets = check.parse(ListBucketsResult, r.data, 'list_buckets');
  check.detail(
    `egk_ key: initialize 200 with a session; list_buckets answered ${buckets.buckets.length} bucket(s)`,
  );
});

test('auth.invalid_token.401_challenge', async ({ http, check }) => {
  const ctx = await http({ app: 'mcp' });
  const seen: string[] = [];
  for (const fake of [
    `egk_${randomBytes(20).toString('hex')}`,
    `ega_${randomBytes(32).toString('base64url').slice(0, 43)}`,
  ]) {
    rememberSecret(fake);
    const res = await postInitialize(ctx, fake);
    const body = await check.json(res, 401, ErrorEnvelope);
    check.equal(body.error.code, 'invalid_token', `${fake.slice(0, 4)} made-up: error.code`);
    const www = res.headers()['www-authenticate'] ?? '';
    check.that(
      /^Bearer\b/i.test(www),
      `${fake.slice(0, 4)} made-up: WWW-Authenticate ${www ? 'is not a Bearer challenge' : 'missing'}`,
    );
    check.that(
      /resource_metadata="[^"]+"/.test(www),
      `${fake.slice(0, 4)} made-up: the challenge has no resource_metadata`,
    );
    check.that(
      /error="invalid_token"/.test(www),
      `${fake.slice(0, 4)} made-up: the challenge has no error="invalid_token"`,
    );
    seen.push(`${fake.slice(0, 4)}… 401 ${body.error.code}`);
  }
  check.detail(
    `${seen.join(', ')}; each with a Bearer-scheme WWW-Authenticate carrying resource_metadata and error="invalid_token"`,
  );
});

test('auth.session_jwt.rejected', async ({ http, session, tenant, check }) => {
  // Session JWTs are for the dashboard; MCP takes API keys and OAuth access tokens only.
  const live = (await session.get('/account/profile')).status();
  check.equal(live, 200, 'precondition: /account/profile status for the tenant session');
  const res = await postInitialize(await http({ app: 'mcp' }), tenant.session_token);
  const body = await check.json(res, 401, ErrorEnvelope);
  const www = res.headers()['www-authenticate'] ?? '';
  check.that(/^Bearer\b/i.test(www), `WWW-Authenticate ${www ? 'is not a Bearer challenge' : 'missing'}`);
  check.detail(
    `the tenant's session JWT (200 on /account/profile) -> MCP 401 ${body.error.code} with a Bearer-scheme WWW-Authenticate`,
  );
});

// The token comes from the oauth group, which has finished by now (mcp runs after it).
test('auth.oauth_token.accepted', { tag: ['@critical'] }, async ({ http, mcp, state, check, ledger }) => {
  const awaited = oauthTokenOutcome();
  if ('failed' in awaited) return test.skip(true, noTokenReason(awaited.failed));
  // No token from the oauth group (not in this run: --no-deps): the same flow over HTTP mints one.
  const token =
    'token' in awaited ? awaited.token.access_token : (await freshTokens(state, ledger)).access_token;
  const from =
    'token' in awaited ? 'the oauth group' : `a fresh grant (from the oauth group: ${awaited.absent})`;
  const res = await postInitialize(await http({ app: 'mcp' }), token);
  await check.expectStatus(res, 200);
  const sessionId = res.headers()['mcp-session-id'];
  if (sessionId) await closeRawSession(state.urls.mcp, token, { sessionId, protocolVersion: '' });
  // Same tenant: what the API key stores, the OAuth token sees.
  const bucket = uniqueBucket('oauth');
  await storeMemory(await mcp(), ledger, { content: `OAuth visibility probe ${marker()}`, bucket });
  const r = await (await mcp({ bearer: token })).callTool('list_buckets');
  check.that(!r.isError, `list_buckets with the OAuth token: tool error ${r.text.slice(0, 120)}`);
  const buckets = check.parse(ListBucketsResult, r.data, 'list_buckets').buckets;
  const seen = buckets.find((b) => b.name === bucket);
  check.that(
    !!seen,
    `the OAuth token's list_buckets (${buckets.length}) lacks ${bucket}, stored with the same tenant's API key`,
  );
  check.detail(
    `ega_ token from ${from}: initialize 200; list_buckets shows ${bucket} (stored via the API key, count ${seen!.memory_count}): same tenant`,
  );
});
