/**
 * API keys: created with the secret shown once, usable on every customer surface (REST, router,
 * MCP), never listed with the secret, and dead everywhere at once after revoke. Every check mints
 * its own key (never the provisioned one) and registers its undo right after creating it.
 */
import type { APIRequestContext } from '@playwright/test';
import { test, type HttpOptions, type LedgerApi } from '../../helpers/fixtures.js';
import type { Check } from '../../helpers/check.js';
import { provisionedSecondTenant } from '../../helpers/run/second-tenant.js';
import { marker, storeMemory, uniqueBucket } from '../../helpers/checks/memories.js';
import { MCP_INITIALIZE } from '../../helpers/protocol/mcp-http.js';
import {
  ApiKeyCreated,
  ApiKeyList,
  BucketList,
  ErrorEnvelope,
  ListBucketsResult,
  Profile,
} from '../../helpers/schemas/index.js';

type Created = { id: string; key: string; prefix: string; name: string };

/** POST /account/api-keys with the tenant's session; the undo is registered before anything else. */
async function mintKey(
  session: APIRequestContext,
  check: Check,
  ledger: LedgerApi,
  name: string,
): Promise<Created> {
  const created = await check.json(
    await session.post('/account/api-keys', { data: { name } }),
    201,
    ApiKeyCreated,
  );
  ledger.add({ kind: 'api_key', id: created.id });
  return created;
}

async function revoke(session: APIRequestContext, check: Check, id: string): Promise<void> {
  const res = await session.delete(`/account/api-keys/${encodeURIComponent(id)}`);
  check.that(res.status() === 204, `DELETE /account/api-keys/:id: expected 204, got ${res.status()}`);
}

const MCP_HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };

/** 401 with the error envelope and code invalid_token (a credential was sent, it is dead). */
async function expect401(
  res: Awaited<ReturnType<APIRequestContext['get']>>,
  check: Check,
  where: string,
): Promise<string> {
  check.status(res.status());
  check.that(res.status() === 401, `${where} still answers ${res.status()} with a revoked key (want 401)`);
  let code = '(no envelope)';
  try {
    const env = ErrorEnvelope.safeParse(await res.json());
    if (env.success) code = env.data.error.code;
  } catch {
    /* code stays '(no envelope)' */
  }
  check.that(code === 'invalid_token', `${where} 401 with error.code ${code}, want invalid_token`);
  return code;
}

test('create.secret_shown_once', { tag: ['@critical'] }, async ({ session, check, ledger }) => {
  const name = `smoke-create-${Date.now()}`;
  const created = await mintKey(session, check, ledger, name);
  check.that(
    /^egk_[A-Za-z0-9_-]{40}$/.test(created.key),
    `key is egk_ + ${created.key.length - 4} chars (want egk_ + 40 URL-safe chars)`,
  );
  check.that(created.key.startsWith(created.prefix), `prefix "${created.prefix}" is not a prefix of the key`);
  check.that(
    created.prefix.startsWith('egk_') && created.prefix.length < created.key.length - 20,
    `prefix "${created.prefix}" reveals too much (${created.prefix.length} of ${created.key.length} chars) or lacks egk_`,
  );
  check.that(created.name === name, `name echoed as "${created.name}", sent "${name}"`);
  check.detail(
    `201 ${created.prefix}… (${created.key.length} chars), prefix ${created.prefix.length} chars, name echoed`,
  );
});

test('new_key.works_on_rest', async ({ session, http, check, ledger, tenant }) => {
  const created = await mintKey(session, check, ledger, 'smoke-rest');
  const withKey = await http({ auth: { bearer: created.key } });
  const profile = await check.json(await withKey.get('/account/profile'), 200, Profile);
  check.that(
    profile.id === tenant.id,
    `the new key resolves to customer ${profile.id}, not the tenant ${tenant.id}`,
  );
  check.that(profile.email === tenant.email, 'the new key resolves to a profile with another email');
  check.detail(`GET /account/profile with ${created.prefix}… -> 200, customer ${profile.id} (the tenant)`);
});

test('new_key.works_on_router', async ({ session, http, mcp, state, check, ledger }) => {
  // The buckets the new key lists are the tenant's own: a bucket just stored is there with its
  // count, and none of the second tenant's (listed first, so a list served to the wrong caller shows).
  const [created, stored] = await Promise.all([
    mintKey(session, check, ledger, 'smoke-router'),
    (async () => {
      const bucket = uniqueBucket('keyr');
      await storeMemory(await mcp(), ledger, { content: `Router key probe ${marker()}`, bucket });
      return bucket;
    })(),
  ]);
  const other = await http({ app: 'router', auth: { bearer: provisionedSecondTenant(state).session_token } });
  const theirs = await check.json(await other.get('/router/buckets'), 200, BucketList);
  const router = await http({ app: 'router', auth: { bearer: created.key } });
  const body = await check.json(await router.get('/router/buckets'), 200, BucketList);
  const mine = body.buckets.find((b) => b.name === stored);
  check.that(
    mine?.memory_count === 1,
    `GET /router/buckets with the new key (${body.buckets.length} buckets): ${stored} ${mine ? `memory_count ${mine.memory_count}, 1 stored` : 'missing'}`,
  );
  const foreignIds = new Set(theirs.buckets.map((b) => b.id));
  const shared = body.buckets.filter((b) => foreignIds.has(b.id));
  check.that(shared.length === 0, `${shared.length} of the second tenant's buckets listed with the new key`);
  check.that(
    !theirs.buckets.some((b) => b.name === stored),
    `the second tenant's router list shows ${stored}`,
  );
  check.detail(
    `GET /router/buckets with ${created.prefix}… -> 200, ${body.buckets.length} bucket(s) incl. ${stored} (count 1); none of the second tenant's ${theirs.buckets.length}`,
  );
});

test('new_key.works_on_mcp', async ({ session, mcp, check, ledger }) => {
  const created = await mintKey(session, check, ledger, 'smoke-mcp');
  const client = await mcp({ bearer: created.key });
  const server = client.client.getServerVersion();
  const r = await client.callTool('list_buckets');
  check.status('-');
  check.that(!r.isError, `list_buckets with the new key is a tool error: ${r.text.slice(0, 120)}`);
  const data = check.parse(ListBucketsResult, r.data, 'MCP list_buckets');
  check.detail(
    `initialize ok (server ${server?.name ?? '?'} ${server?.version ?? ''}), list_buckets -> ${data.buckets.length} bucket(s) with ${created.prefix}…`,
  );
});

test('list.never_shows_secret', { tag: ['@critical'] }, async ({ session, check, ledger }) => {
  const created = await mintKey(session, check, ledger, 'smoke-list');
  const res = await session.get('/account/api-keys');
  const list = await check.json(res, 200, ApiKeyList);
  const raw = await res.text();
  const row = list.api_keys.find((k) => k.id === created.id);
  check.that(!!row, `new key ${created.id} missing from a list of ${list.api_keys.length}`);
  check.that(
    row!.prefix === created.prefix,
    `listed prefix "${row!.prefix}" differs from the created "${created.prefix}"`,
  );
  check.that(!raw.includes(created.key), 'GET /account/api-keys echoes the full secret');
  // The part after the prefix is the secret proper: not even a fragment of it may be listed.
  const tail = created.key.slice(-16);
  check.that(!raw.includes(tail), 'GET /account/api-keys contains the last 16 chars of the secret');
  const rawRows = (JSON.parse(raw) as { api_keys: Array<Record<string, unknown>> }).api_keys;
  const leaky = rawRows
    .flatMap((k) => Object.keys(k))
    .filter((f) => /^(key|secret|hash|key_hash|token)$/i.test(f));
  check.that(leaky.length === 0, `list rows carry secret-like fields: ${[...new Set(leaky)].join(', ')}`);
  check.detail(
    `${created.prefix}… listed by id among ${list.api_keys.length} key(s), no secret or secret fragment in the body`,
  );
});

test('revoke.returns_204_and_unlisted', async ({ session, check, ledger }) => {
  const created = await mintKey(session, check, ledger, 'smoke-revoke');
  const del = await session.delete(`/account/api-keys/${encodeURIComponent(created.id)}`);
  await check.expectStatus(del, 204);
  check.that((await del.body()).length === 0, 'DELETE 204 carries a body');
  const list = await check.json(await session.get('/account/api-keys'), 200, ApiKeyList);
  check.that(!list.api_keys.some((k) => k.id === created.id), `revoked key ${created.id} is still listed`);
  check.status(204);
  check.detail(`DELETE ${created.prefix}… -> 204; list of ${list.api_keys.length} no longer has it`);
});

/** A new key opens `path` (200); once revoked, the same request is refused at once (401). */
async function revokedKeyShutOut(
  fx: {
    session: APIRequestContext;
    http: (o?: HttpOptions) => Promise<APIRequestContext>;
    check: Check;
    ledger: LedgerApi;
  },
  on: { app: 'admin' | 'router'; path: string; label: string },
): Promise<void> {
  const { session, http, check, ledger } = fx;
  const created = await mintKey(session, check, ledger, `smoke-revoked-${on.label.toLowerCase()}`);
  const client = await http({ app: on.app, auth: { bearer: created.key } });
  const before = await client.get(on.path);
  check.that(
    before.status() === 200,
    `the new key gets ${before.status()} on GET ${on.path} before revoke (want 200)`,
  );
  await revoke(session, check, created.id);
  const code = await expect401(await client.get(on.path), check, `${on.label} GET ${on.path}`);
  check.detail(`200 before revoke, 401 ${code} on GET ${on.path} after`);
}

test('revoked.rest_401', { tag: ['@critical'] }, async ({ session, http, check, ledger }) => {
  await revokedKeyShutOut(
    { session, http, check, ledger },
    { app: 'admin', path: '/account/profile', label: 'REST' },
  );
});

test('revoked.router_401', async ({ session, http, check, ledger }) => {
  await revokedKeyShutOut(
    { session, http, check, ledger },
    { app: 'router', path: '/router/buckets', label: 'router' },
  );
});

test('revoked.mcp_401', async ({ session, http, check, ledger }) => {
  const created = await mintKey(session, check, ledger, 'smoke-revoked-mcp');
  const mcpCtx = await http({ app: 'mcp', auth: { bearer: created.key }, headers: MCP_HEADERS });
  const before = await mcpCtx.post('/mcp', { data: MCP_INITIALIZE });
  check.that(
    before.status() === 200,
    `the new key gets ${before.status()} on MCP initialize before revoke (want 200)`,
  );
  await revoke(session, check, created.id);
  const after = await mcpCtx.post('/mcp', { data: MCP_INITIALIZE });
  const code = await expect401(after, check, 'MCP POST /mcp initialize');
  const wwwAuth = after.headers()['www-authenticate'] ?? '';
  check.that(
    /^Bearer\b/i.test(wwwAuth),
    `MCP 401 after revoke without a Bearer WWW-Authenticate (${wwwAuth ? 'other scheme' : 'missing'})`,
  );
  check.status(401);
  check.detail(`initialize 200 before revoke, 401 ${code}, WWW-Authenticate challenge present`);
});

test('revoked.mcp_open_session_cut', async ({ session, mcp, check, ledger }) => {
  // A session opened before the revoke must not keep working: auth is per request, not per session.
  const created = await mintKey(session, check, ledger, 'smoke-revoked-mcp-session');
  const client = await mcp({ bearer: created.key });
  const first = await client.callTool('list_buckets');
  check.that(!first.isError, `list_buckets before revoke is a tool error: ${first.text.slice(0, 120)}`);
  await revoke(session, check, created.id);
  // Judge outside the try: a CheckFailure thrown inside would be caught and misread.
  let outcome: string;
  try {
    const after = await client.callTool('list_buckets');
    outcome = after.isError ? `tool error: ${after.text.slice(0, 80)}` : 'served';
  } catch (err) {
    const msg = (err as Error).message;
    outcome = /\b401\b|unauthori[sz]ed|invalid_token/i.test(msg)
      ? '401'
      : `error: ${msg.split('\n')[0]!.slice(0, 80)}`;
  }
  check.status(outcome === '401' ? 401 : outcome === 'served' ? 200 : '-');
  check.that(
    outcome !== 'served',
    'an MCP session opened before revoke still serves list_buckets after it (want 401)',
  );
  check.that(outcome === '401', `the open session fails after revoke, but not with 401 (${outcome})`);
  check.detail(`open MCP session: list_buckets ok before revoke, ${outcome} on the next call after`);
});

test('revoke.again_404', async ({ session, check, ledger }) => {
  const created = await mintKey(session, check, ledger, 'smoke-revoke-twice');
  await revoke(session, check, created.id);
  const body = await check.json(
    await session.delete(`/account/api-keys/${encodeURIComponent(created.id)}`),
    404,
    ErrorEnvelope,
  );
  check.that(body.error.code === 'not_found', `second DELETE error.code ${body.error.code}, want not_found`);
  check.detail(`first DELETE 204, second 404 ${body.error.code}`);
});

test('revoke.foreign_key_404', async ({ session, http, state, check, ledger }) => {
  // Tenant B tries to revoke tenant A's key: the same 404 as an unknown id, and A's key lives on.
  const created = await mintKey(session, check, ledger, 'smoke-foreign');
  const other = provisionedSecondTenant(state); // reads and refused writes only: shared as is
  const asOther = await http({ auth: { bearer: other.session_token } });
  const body = await check.json(
    await asOther.delete(`/account/api-keys/${encodeURIComponent(created.id)}`),
    404,
    ErrorEnvelope,
  );
  check.that(body.error.code === 'not_found', `foreign DELETE error.code ${body.error.code}, want not_found`);
  const otherList = await check.json(await asOther.get('/account/api-keys'), 200, ApiKeyList);
  check.that(
    !otherList.api_keys.some((k) => k.id === created.id),
    "tenant B's key list shows tenant A's key",
  );
  const withKey = await http({ auth: { bearer: created.key } });
  const still = await withKey.get('/account/profile');
  check.that(
    still.status() === 200,
    `tenant A's key gets ${still.status()} after tenant B's failed revoke (want 200: it must survive)`,
  );
  check.status(404);
  check.detail(
    `tenant B: DELETE A's key -> 404 ${body.error.code}, not in B's list of ${otherList.api_keys.length}; A's key still 200`,
  );
});

test('create.empty_name_400', async ({ session, check, ledger }) => {
  const cases: Array<[string, unknown]> = [
    ['empty name', { name: '' }],
    ['whitespace name', { name: '   ' }],
    ['missing name', {}],
  ];
  const seen: string[] = [];
  // Independent requests: sent together (one round trip), judged in order.
  const responses = await Promise.all(cases.map(([, data]) => session.post('/account/api-keys', { data })));
  for (const [i, [label]] of cases.entries()) {
    const res = responses[i]!;
    if (res.status() === 201) {
      const leaked = (await res.json()) as { id?: unknown };
      if (leaked.id !== undefined) ledger.add({ kind: 'api_key', id: String(leaked.id) });
    }
    const body = await check.json(res, 400, ErrorEnvelope);
    check.that(
      body.error.code === 'invalid_request',
      `${label}: error.code ${body.error.code}, want invalid_request`,
    );
    check.that(/name/i.test(body.error.message), `${label}: the 400 message does not name the field "name"`);
    seen.push(`${label} 400`);
  }
  check.detail(`${seen.join(', ')} (invalid_request naming "name")`);
});
