/**
 * The router app (what the dashboard calls): bucket lists and bucket memories, which must agree
 * with the MCP tools row for row, and refuse unknown, foreign and malformed buckets.
 */
import type { APIRequestContext } from '@playwright/test';
import { test } from '../../helpers/fixtures.js';
import { CheckFailure } from '../../helpers/check.js';
import {
  listMemories,
  marker,
  storeMemory,
  uniqueBucket,
  type Stored,
} from '../../helpers/checks/memories.js';
import { leaksIn } from '../../helpers/checks/leaks.js';
import type { McpSession } from '../../helpers/protocol/mcp-client.js';
import type { LedgerLike } from '../../helpers/protocol/oauth-flow.js';
import { secondTenant } from '../../helpers/run/second-tenant.js';
import { BucketList, BucketMemories, ErrorEnvelope } from '../../helpers/schemas/index.js';

/** A bucket of this check alone with `n` memories, stored over MCP (ledgered). */
async function seed(
  s: McpSession,
  ledger: LedgerLike,
  what: string,
  n: number,
): Promise<{ bucket: string; stored: Stored[] }> {
  const bucket = uniqueBucket(what);
  const stored: Stored[] = [];
  for (let i = 0; i < n; i++)
    stored.push(
      await storeMemory(s, ledger, { content: `Router probe ${i + 1} of ${n}: ${marker()}`, bucket }),
    );
  return { bucket, stored };
}

async function bucketId(router: APIRequestContext, name: string): Promise<string> {
  const res = await router.get('/router/buckets');
  const found = (
    ((await res.json().catch(() => ({}))) as { buckets?: Array<{ id: unknown; name: string }> }).buckets ?? []
  ).find((b) => b.name === name);
  if (!found)
    throw new CheckFailure(`precondition: GET /router/buckets ${res.status()} does not list ${name}`);
  return String(found.id);
}

test('buckets.list.stored_bucket_counted', { tag: ['@critical'] }, async ({ http, mcp, check, ledger }) => {
  const { bucket, stored } = await seed(await mcp(), ledger, 'rlist', 2);
  const router = await http({ app: 'router', auth: 'apiKey' });
  const list = await check.json(await router.get('/router/buckets'), 200, BucketList);
  const b = list.buckets.find((x) => x.name === bucket);
  check.that(
    !!b,
    `GET /router/buckets (${list.buckets.length} buckets) lacks ${bucket}, just stored into over MCP`,
  );
  check.that(
    b!.memory_count === stored.length,
    `${bucket} memory_count ${b!.memory_count}, ${stored.length} stored`,
  );
  check.that(
    /^\d+$/.test(b!.id),
    `bucket id "${b!.id}" is not numeric: the router addresses buckets by number`,
  );
  check.that(
    new Set(list.buckets.map((x) => x.id)).size === list.buckets.length,
    'a bucket id appears twice in the list',
  );
  check.detail(
    `${bucket} listed (id ${b!.id}) with memory_count ${b!.memory_count} = ${stored.length} stored, among ${list.buckets.length} buckets`,
  );
});

test('bucket_memories.equal_mcp_list', { tag: ['@critical'] }, async ({ http, mcp, check, ledger }) => {
  const s = await mcp();
  const { bucket, stored } = await seed(s, ledger, 'rrows', 3);
  const router = await http({ app: 'router', auth: 'apiKey' });
  const id = await bucketId(router, bucket);
  const res = await router.get(`/router/buckets/${id}/memories`);
  const body = await check.json(res, 200, BucketMemories);
  const viaMcp = await listMemories(s, bucket);
  // The schema strips unknown fields: a row spread from the table (its content_hash) shows in the raw body.
  const leaks = leaksIn(await res.text(), []);
  check.that(leaks.length === 0, `the router's rows carry ${leaks.join(', ')}`);
  check.that(
    body.bucket.id === id && body.bucket.name === bucket,
    `bucket header ${body.bucket.id}/${body.bucket.name}, want ${id}/${bucket}`,
  );
  const r = body.memories.map((m) => m.id);
  const m = viaMcp.memories.map((x) => x.id);
  check.that(r.length === stored.length, `router lists ${r.length} rows, ${stored.length} stored`);
  check.that(
    r.length === m.length && r.every((x, i) => x === m[i]),
    `router ids [${r.map((x) => x.slice(0, 6)).join(', ')}] != MCP list_memories [${m.map((x) => x.slice(0, 6)).join(', ')}] (same order required)`,
  );
  const diff = body.memories.findIndex(
    (x, i) => x.content !== viaMcp.memories[i]!.content || x.created_at !== viaMcp.memories[i]!.created_at,
  );
  check.that(diff < 0, `row ${diff + 1}: content or created_at differs between the router and MCP`);
  check.that(body.total === viaMcp.total, `router total ${body.total}, MCP total ${viaMcp.total}`);
  check.that(
    stored.every((x) => r.includes(x.memory_id)),
    'a stored memory_id is missing from the router rows',
  );
  check.detail(
    `bucket ${id} (${bucket}): router and MCP list_memories agree on ${r.length} rows (ids, order, content, created_at), total ${body.total}; no hash-named field`,
  );
});

test('bucket_memories.after_delete.count_drops', async ({ http, mcp, check, ledger }) => {
  const s = await mcp();
  const { bucket, stored } = await seed(s, ledger, 'rdel', 2);
  const router = await http({ app: 'router', auth: 'apiKey' });
  const id = await bucketId(router, bucket);
  const del = await s.callTool('delete_memory', { memory_id: stored[0]!.memory_id });
  check.that(!del.isError, `precondition: delete_memory failed: ${del.text.slice(0, 100)}`);
  const body = await check.json(await router.get(`/router/buckets/${id}/memories`), 200, BucketMemories);
  check.that(
    !body.memories.some((x) => x.id === stored[0]!.memory_id),
    'the router still lists the memory MCP deleted',
  );
  check.that(body.total === 1, `router total ${body.total} after deleting 1 of 2`);
  const list = await check.json(await router.get('/router/buckets'), 200, BucketList);
  const count = list.buckets.find((x) => x.name === bucket)?.memory_count;
  check.that(count === 1, `router memory_count ${count ?? 'missing'} after deleting 1 of 2`);
  check.detail(`deleted 1 of 2 over MCP: router rows 1 (total 1), bucket memory_count 1`);
});

test('bucket_memories.limit_offset_pages', async ({ http, mcp, check, ledger }) => {
  const { bucket } = await seed(await mcp(), ledger, 'rpage', 3);
  const router = await http({ app: 'router', auth: 'apiKey' });
  const id = await bucketId(router, bucket);
  const path = `/router/buckets/${id}/memories`;
  const [all, first, second] = await Promise.all(
    [path, `${path}?limit=2`, `${path}?limit=2&offset=2`].map(async (p) =>
      check.json(await router.get(p), 200, BucketMemories),
    ),
  );
  const ids = (b: typeof all) => b.memories.map((m) => m.id.slice(0, 6)).join(',');
  check.that(all.memories.length === 3, `precondition: ${all.memories.length} rows in a bucket of 3`);
  const at = all.memories.map((m) => Date.parse(m.created_at));
  check.that(
    at.every((t, i) => i === 0 || t >= at[i - 1]!),
    `rows not oldest first: created_at ${all.memories.map((m) => m.created_at.slice(11, 23)).join(', ')}`,
  );
  check.that(
    ids(first) === ids({ ...all, memories: all.memories.slice(0, 2) }) && first.total === 3,
    `?limit=2 -> [${ids(first)}] total ${first.total}, want the first 2 of [${ids(all)}] total 3`,
  );
  check.that(
    ids(second) === ids({ ...all, memories: all.memories.slice(2) }) && second.total === 3,
    `?limit=2&offset=2 -> [${ids(second)}] total ${second.total}, want the last of [${ids(all)}] total 3`,
  );
  check.detail(
    `3 rows oldest first: ?limit=2 -> the first 2, ?limit=2&offset=2 -> the 3rd; total 3 on every page`,
  );
});

test('bucket.unknown.404', async ({ http, check }) => {
  const router = await http({ app: 'router', auth: 'apiKey' });
  const res = await router.get('/router/buckets/987654321/memories');
  const body = await check.json(res, 404, ErrorEnvelope);
  check.that(body.error.code === 'not_found', `error.code ${body.error.code}, want not_found`);
  check.detail(`GET /router/buckets/987654321/memories -> 404 ${body.error.code}`);
});

test('bucket.foreign.404', async ({ http, mcp, state, check, ledger }) => {
  const { bucket } = await seed(await mcp(), ledger, 'rforeign', 1);
  const id = await bucketId(await http({ app: 'router', auth: 'apiKey' }), bucket);
  const b = await secondTenant(state, ledger);
  const other = await http({ app: 'router', auth: { bearer: b.session_token } });
  const res = await other.get(`/router/buckets/${id}/memories`);
  const body = await check.json(res, 404, ErrorEnvelope);
  check.that(
    body.error.code === 'not_found',
    `error.code ${body.error.code}, want not_found (the same answer as an unknown bucket)`,
  );
  const theirs = await check.json(await other.get('/router/buckets'), 200, BucketList);
  check.that(
    !theirs.buckets.some((x) => x.id === id || x.name === bucket),
    "the second tenant's bucket list shows tenant A's bucket",
  );
  check.status(404);
  check.detail(
    `tenant A's bucket ${id} with the second tenant's session -> 404 ${body.error.code}; not in its list of ${theirs.buckets.length}`,
  );
});

test('buckets.no_credentials.401', async ({ http, check }) => {
  const router = await http({ app: 'router', auth: 'none' });
  const list = await check.json(await router.get('/router/buckets'), 401, ErrorEnvelope);
  const rows = await check.json(await router.get('/router/buckets/1/memories'), 401, ErrorEnvelope);
  check.that(
    list.error.code === 'unauthenticated',
    `GET /router/buckets error.code ${list.error.code}, want unauthenticated`,
  );
  check.detail(
    `no credential: GET /router/buckets 401 ${list.error.code}, GET /router/buckets/1/memories 401 ${rows.error.code}`,
  );
});

test('bucket.non_numeric_id.json_error', async ({ http, check }) => {
  const router = await http({ app: 'router', auth: 'apiKey' });
  const seen: string[] = [];
  for (const raw of ['abc', '1e3', '-1', '0x10']) {
    const res = await router.get(`/router/buckets/${raw}/memories`);
    const status = await check.expectStatus(res, [400, 404]);
    const type = res.headers()['content-type'] ?? '';
    check.that(
      /application\/json/i.test(type),
      `/router/buckets/${raw}/memories: ${status} as ${type || 'no content-type'}, want JSON`,
    );
    const body = check.parse(ErrorEnvelope, await res.json(), `/router/buckets/${raw}/memories`);
    seen.push(`${raw} ${status} ${body.error.code}`);
  }
  check.detail(`non-numeric ids -> ${seen.join(', ')}, all JSON error envelopes`);
});

test('buckets.session_jwt.same_as_api_key', async ({ http, mcp, check, ledger }) => {
  const { bucket } = await seed(await mcp(), ledger, 'rsess', 1);
  const viaKey = await check.json(
    await (await http({ app: 'router', auth: 'apiKey' })).get('/router/buckets'),
    200,
    BucketList,
  );
  const viaSession = await check.json(
    await (await http({ app: 'router', auth: 'session' })).get('/router/buckets'),
    200,
    BucketList,
  );
  // Other groups store into the same tenant meanwhile: compare this check's bucket exactly, and
  // require every bucket the key saw first to be in the session's (later) list.
  const mineKey = viaKey.buckets.find((b) => b.name === bucket);
  const mineSession = viaSession.buckets.find((b) => b.name === bucket);
  check.that(
    !!mineKey && !!mineSession,
    `${bucket} missing from the ${mineKey ? 'session' : 'API key'} list`,
  );
  check.that(
    mineKey!.id === mineSession!.id && mineKey!.memory_count === mineSession!.memory_count,
    `${bucket}: key sees ${mineKey!.id}/${mineKey!.memory_count}, session ${mineSession!.id}/${mineSession!.memory_count}`,
  );
  const sessionIds = new Set(viaSession.buckets.map((b) => b.id));
  const absent = viaKey.buckets.filter((b) => !sessionIds.has(b.id));
  check.that(
    absent.length === 0,
    `${absent.length} bucket(s) the API key lists are missing from the session's list`,
  );
  check.detail(
    `session JWT and API key: same tenant view (${viaKey.buckets.length} vs ${viaSession.buckets.length} buckets, ${bucket} id ${mineKey!.id} count ${mineKey!.memory_count} in both)`,
  );
});
