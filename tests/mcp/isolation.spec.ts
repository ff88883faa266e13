/**
 * Tenant isolation on MCP: a second tenant (its own OAuth token) cannot query, list, delete or
 * ride the session of the smoke tenant's memories. Each check first shows the owner CAN, so a
 * "not found" is never an accident of the fixture. The group's longest checks (two tenants'
 * sessions each): the file sorts early, so a far target's wide layout starts them first.
 */
import { test } from '../../helpers/fixtures.js';
import { closeRawSession, MCP_ACCEPT, MCP_PATH, openRawSession } from '../../helpers/protocol/mcp-http.js';
import { listMemories, marker, storeMemory, uniqueBucket } from '../../helpers/checks/memories.js';
import { secondTenantForMcp } from '../../helpers/run/second-tenant.js';
import { ListBucketsResult, QueryResult } from '../../helpers/schemas/index.js';

test('tenant.query.foreign_marker_invisible', async ({ mcp, state, check, ledger }) => {
  const m = marker();
  // The owner's store and query, and the second tenant's session, are independent: at once.
  const [mine, other] = await Promise.all([
    (async () => {
      const owner = await mcp();
      await storeMemory(owner, ledger, { content: `Tenant A secret ${m}.`, bucket: uniqueBucket('iso') });
      return check.parse(QueryResult, (await owner.callTool('query', { question: m })).data, 'owner query');
    })(),
    secondTenantForMcp(state, ledger).then((b) => mcp({ bearer: b.access_token })),
  ]);
  check.that(
    mine.context.some((c) => c.content.includes(m)),
    'precondition: the owner cannot retrieve its own marker',
  );
  const r = await other.callTool('query', { question: m });
  check.that(!r.isError, `second tenant query: tool error ${r.text.slice(0, 100)}`);
  const theirs = check.parse(QueryResult, r.data, 'second tenant query');
  check.that(
    !theirs.context.some((c) => c.content.includes(m)),
    `the second tenant retrieved tenant A's marker (${theirs.context.length} context items)`,
  );
  check.that(!theirs.answer.includes(m), "tenant A's marker is in the second tenant's answer");
  check.detail(
    `owner retrieves the marker; second tenant's query: ${theirs.context.length} context items, marker in neither context nor answer`,
  );
});

test('tenant.buckets.foreign_invisible', async ({ mcp, state, check, ledger }) => {
  const bucket = uniqueBucket('isob');
  const [, other] = await Promise.all([
    mcp().then((owner) =>
      storeMemory(owner, ledger, { content: `Tenant A bucket probe ${marker()}.`, bucket }),
    ),
    secondTenantForMcp(state, ledger).then((b) => mcp({ bearer: b.access_token })),
  ]);
  const lb = await other.callTool('list_buckets');
  const names = check
    .parse(ListBucketsResult, lb.data, 'second tenant list_buckets')
    .buckets.map((x) => x.name);
  check.that(!names.includes(bucket), `the second tenant's list_buckets shows tenant A's ${bucket}`);
  const lm = await other.callTool('list_memories', { bucket });
  const rows = (lm.data as { memories?: unknown[] } | undefined)?.memories?.length ?? 0;
  check.that(
    lm.isError || rows === 0,
    `the second tenant's list_memories(${bucket}) returned ${rows} of tenant A's rows`,
  );
  check.detail(
    `second tenant: list_buckets (${names.length}) lacks ${bucket}; list_memories(${bucket}) -> ${lm.isError ? `tool error "${lm.text.slice(0, 60)}"` : '0 rows'}`,
  );
});

test('tenant.delete.foreign_refused', async ({ mcp, state, check, ledger }) => {
  const bucket = uniqueBucket('isod');
  const [[owner, st], other] = await Promise.all([
    mcp().then(async (owner) => {
      const content = `Tenant A undeletable ${marker()}.`;
      return [owner, await storeMemory(owner, ledger, { content, bucket })] as const;
    }),
    secondTenantForMcp(state, ledger).then((b) => mcp({ bearer: b.access_token })),
  ]);
  const r = await other.callTool('delete_memory', { memory_id: st.memory_id });
  check.that(r.isError, "the second tenant's delete_memory of tenant A's memory succeeded");
  const after = await listMemories(owner, bucket);
  check.that(
    after.memories.some((x) => x.id === st.memory_id),
    "tenant A's memory is gone after the second tenant's delete attempt",
  );
  check.detail(
    `second tenant delete_memory(A's id) -> tool error "${r.text.slice(0, 60)}"; A still lists it`,
  );
});

test('tenant.session.foreign_session_404', async ({ state, check, ledger }) => {
  // An Mcp-Session-Id is bound to the tenant that opened it.
  const key = state.api_key?.key ?? '';
  // Asked for at once; awaited inside the try, so the owner's session is closed whatever happens.
  const second = secondTenantForMcp(state, ledger);
  second.catch(() => undefined);
  const { status, session } = await openRawSession(state.urls.mcp, key);
  check.that(!!session, `precondition: the owner's initialize answered ${status}`);
  try {
    const b = await second;
    const res = await fetch(`${state.urls.mcp}${MCP_PATH}`, {
      method: 'POST',
      headers: {
        accept: MCP_ACCEPT,
        'content-type': 'application/json',
        authorization: `Bearer ${b.access_token}`,
        'mcp-session-id': session!.sessionId,
        'mcp-protocol-version': session!.protocolVersion,
      },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 7,
        method: 'tools/call',
        params: { name: 'list_buckets', arguments: {} },
      }),
      signal: AbortSignal.timeout(5000),
    });
    const text = await res.text();
    check.status(res.status);
    check.that(
      res.status === 404,
      `the second tenant's tools/call on tenant A's session answered ${res.status}${res.status === 200 ? ' (it rode the session)' : ''}`,
    );
    check.that(!text.includes('"buckets"'), "the answer lists buckets from tenant A's session");
    check.detail(`tenant A's Mcp-Session-Id with the second tenant's token -> ${res.status}, nothing listed`);
  } finally {
    await closeRawSession(state.urls.mcp, key, session!);
  }
});

test('tenant.store.same_content_own_memory', async ({ mcp, state, check, ledger, secondTenantLocked }) => {
  // Dedup is per tenant: the second tenant storing tenant A's exact text gets a memory of its own,
  // never A's id or bucket. Held: admin expects the second tenant to hold no memories, so its
  // memory is deleted before the lock goes.
  const content = `Tenant A dedup probe ${marker()}.`;
  const bucket = uniqueBucket('isodup');
  const mine = await storeMemory(await mcp(), ledger, { content, bucket });
  const b = await secondTenantForMcp(state, ledger);
  check.that(b.id === secondTenantLocked.id, 'precondition: the MCP token is not the held tenant');
  const other = await mcp({ bearer: b.access_token });
  const r = await other.callTool('store_memory', { content });
  const theirs = r.data as { memory_id?: string; bucket?: string; deduplicated?: boolean } | undefined;
  try {
    check.that(!r.isError, `the second tenant's store_memory: tool error ${r.text.slice(0, 100)}`);
    check.that(
      theirs?.memory_id !== mine.memory_id && theirs?.bucket !== bucket && theirs?.deduplicated === false,
      `the second tenant storing A's text got ${theirs?.memory_id === mine.memory_id ? "A's memory id" : `memory ${theirs?.memory_id}`} in bucket ${theirs?.bucket}, deduplicated ${theirs?.deduplicated}`,
    );
    check.detail(
      `same text: A's memory in ${bucket}, the second tenant's a new one (deduplicated false) in ${theirs?.bucket}`,
    );
  } finally {
    // Only ever its own: a memory id that is A's is left alone (A's ledger owns it).
    if (theirs?.memory_id && theirs.memory_id !== mine.memory_id)
      await other.callTool('delete_memory', { memory_id: theirs.memory_id });
  }
});
