/**
 * The memory tools over MCP: query correctness by a unique marker, the retrieved context's
 * scores, dedup (both ways), auto-bucketing, content rules, delete. Every check stores into its
 * own bucket, and every stored memory is ledgered at once.
 */
import { z } from 'zod';
import { test } from '../../helpers/fixtures.js';
import {
  hex,
  ledgerStored,
  listMemories,
  marker,
  storeMemory,
  uniqueBucket,
} from '../../helpers/checks/memories.js';
import { DeleteMemoryResult, ListBucketsResult, QueryResult } from '../../helpers/schemas/index.js';
import type { McpSession } from '../../helpers/protocol/mcp-client.js';

const MAX_BYTES = 16384;

/** Just what the marker check needs, so a score-range bug does not also redden it. */
const LooseQuery = z.object({
  answer: z.string(),
  context: z.array(
    z.object({ memory_id: z.union([z.string(), z.number()]).transform(String), content: z.string() }),
  ),
});

test('query.marker.present', { tag: ['@critical'] }, async ({ mcp, check, ledger }) => {
  const s = await mcp();
  const m = marker();
  const bucket = uniqueBucket('marker');
  const stored = await storeMemory(s, ledger, {
    content: `The deploy smoke left ${m} in the vault. It is a unique marker.`,
    bucket,
  });
  const r = await s.callTool('query', { question: `Where is ${m}?` });
  check.that(!r.isError, `query: tool error ${r.text.slice(0, 120)}`);
  const q = check.parse(LooseQuery, r.data, 'query');
  const inAnswer = q.answer.includes(m);
  const hits = q.context.filter((c) => c.content.includes(m));
  check.that(
    inAnswer || hits.length > 0,
    `marker in neither the answer (${q.answer.length} chars) nor any of ${q.context.length} retrieved memories`,
  );
  if (hits.length)
    check.that(
      hits.some((h) => h.memory_id === stored.memory_id),
      `the context holds the marker under another memory_id than store_memory returned`,
    );
  const rank = q.context.findIndex((c) => c.memory_id === stored.memory_id);
  const top = (r.data as { context?: Array<{ score?: number }> }).context?.[0]?.score;
  check.detail(
    `marker ${inAnswer ? 'in the answer' : 'not in the answer'} and in ${hits.length} of ${q.context.length} retrieved memories (rank ${rank + 1}), top score ${top?.toFixed(2) ?? '?'}`,
  );
});

test('query.context.scored_sorted', async ({ mcp, check, ledger }) => {
  const s = await mcp();
  const w = marker();
  const bucket = uniqueBucket('ctx');
  // Different densities of the same term, so the scores differ.
  const stored = [
    await storeMemory(s, ledger, { content: `${w} ${w} ${w}: the densest mention.`, bucket }),
    await storeMemory(s, ledger, {
      content: `${w} appears once here, among a fair number of other words about deploys and checks.`,
      bucket,
    }),
    await storeMemory(s, ledger, {
      content: `A long note about smoke tests, releases, rollbacks and pagers that mentions ${w} only at the end of a much longer sentence.`,
      bucket,
    }),
  ];
  const r = await s.callTool('query', { question: w, bucket });
  check.that(!r.isError, `query: tool error ${r.text.slice(0, 120)}`);
  const q = check.parse(QueryResult, r.data, 'query'); // memory_id, content, score in (0, 1]
  check.that(
    q.context.length === stored.length,
    `${q.context.length} context items for ${stored.length} matching memories in the bucket`,
  );
  const byId = new Map(stored.map((m) => [m.memory_id, m.content]));
  for (const c of q.context) {
    check.that(byId.has(c.memory_id), `context memory_id ${c.memory_id} is not one of the bucket's memories`);
    check.that(
      byId.get(c.memory_id) === c.content,
      `context content of ${c.memory_id} differs from what was stored`,
    );
  }
  const scores = q.context.map((c) => c.score);
  check.that(
    scores.every((x, i) => i === 0 || scores[i - 1]! >= x),
    `scores not best-first: ${scores.map((x) => x.toFixed(3)).join(', ')}`,
  );
  check.that(
    new Set(q.context.map((c) => c.memory_id)).size === q.context.length,
    'a memory appears twice in the context',
  );
  check.detail(
    `${q.context.length} items, each memory_id/content as stored, scores ${scores.map((x) => x.toFixed(3)).join(' ≥ ')} in (0,1]`,
  );
});

test('query.top_k.limits_context', async ({ mcp, check, ledger }) => {
  const s = await mcp();
  const w = marker();
  const bucket = uniqueBucket('topk');
  for (let i = 0; i < 3; i++)
    await storeMemory(s, ledger, { content: `${w} note number ${i} ${hex(3)}`, bucket });
  const r = await s.callTool('query', { question: w, bucket, top_k: 2 });
  check.that(!r.isError, `query top_k 2: tool error ${r.text.slice(0, 120)}`);
  const q = check.parse(QueryResult, r.data, 'query');
  check.that(
    q.context.length === 2,
    `top_k 2 over 3 matching memories returned ${q.context.length} context items`,
  );
  check.detail(
    `3 matching memories, top_k 2 -> exactly 2 context items (scores ${q.context.map((c) => c.score.toFixed(2)).join(', ')})`,
  );
});

test('query.top_k.default_5_max_20', async ({ mcp, check, ledger }) => {
  // docs/contract.md: top_k defaults to 5 and is at most 20. 21 matching memories tell both apart.
  const s = await mcp();
  const w = marker();
  const bucket = uniqueBucket('topkmax');
  await Promise.all(
    Array.from({ length: 21 }, (_, i) =>
      storeMemory(s, ledger, { content: `${w} bound probe ${i} ${hex(3)}`, bucket }),
    ),
  );
  const [plain, wide] = await Promise.all([
    s.callTool('query', { question: w, bucket }),
    s.callTool('query', { question: w, bucket, top_k: 21 }),
  ]);
  const n = (r: typeof plain, what: string) =>
    r.isError ? -1 : check.parse(QueryResult, r.data, what).context.length;
  const [byDefault, capped] = [n(plain, 'query (no top_k)'), n(wide, 'query (top_k 21)')];
  check.that(byDefault === 5, `no top_k over 21 matching memories -> ${byDefault} context items, want 5`);
  check.that(
    capped === 20 || (wide.isError && /top_k/i.test(wide.text)),
    `top_k 21 over 21 matching memories -> ${wide.isError ? `tool error "${wide.text.slice(0, 80)}"` : `${capped} items`}, want at most 20`,
  );
  check.detail(
    `21 matching memories: no top_k -> ${byDefault} items, top_k 21 -> ${wide.isError ? 'refused naming top_k' : `${capped} items`}`,
  );
});

test('query.bucket.only_that_bucket', async ({ mcp, check, ledger }) => {
  // The tool's `bucket`: "Only search this bucket". One marker in two buckets, asked of one.
  const s = await mcp();
  const m = marker();
  const [inside, outside] = [uniqueBucket('qin'), uniqueBucket('qout')];
  const [a, b] = await Promise.all([
    storeMemory(s, ledger, { content: `Bucket filter probe ${m} kept`, bucket: inside }),
    storeMemory(s, ledger, { content: `Bucket filter probe ${m} other`, bucket: outside }),
  ]);
  const r = await s.callTool('query', { question: m, bucket: inside });
  check.that(!r.isError, `query with bucket ${inside}: tool error ${r.text.slice(0, 120)}`);
  const ids = check.parse(QueryResult, r.data, 'query').context.map((c) => c.memory_id);
  check.that(ids.includes(a.memory_id), `the memory of ${inside} is not retrieved (${ids.length} items)`);
  check.that(
    !ids.includes(b.memory_id),
    `query limited to ${inside} retrieved the memory stored in ${outside}`,
  );
  check.detail(
    `marker in 2 buckets; query with bucket ${inside} -> ${ids.length} item(s), none from ${outside}`,
  );
});

test('store.dedup.same_memory_id', async ({ mcp, check, ledger }) => {
  const s = await mcp();
  const content = `Dedup probe ${marker()}: stored twice, kept once.`;
  const bucket = uniqueBucket('dedup');
  const first = await storeMemory(s, ledger, { content, bucket });
  const second = await storeMemory(s, ledger, { content, bucket });
  check.that(first.deduplicated === false, 'the first store already says deduplicated=true');
  check.that(
    second.memory_id === first.memory_id,
    `second store returned memory_id ${second.memory_id}, the first ${first.memory_id}`,
  );
  check.that(second.deduplicated === true, 'second store of the same content says deduplicated=false');
  check.detail(
    `same content twice -> same memory_id ${first.memory_id.slice(0, 8)}…, deduplicated false then true`,
  );
});

test('store.dedup.list_count_one', async ({ mcp, check, ledger }) => {
  const s = await mcp();
  const content = `Dedup count probe ${marker()}.`;
  const bucket = uniqueBucket('dedupn');
  await storeMemory(s, ledger, { content, bucket });
  await storeMemory(s, ledger, { content, bucket });
  const list = await listMemories(s, bucket);
  check.that(
    list.memories.length === 1,
    `list_memories shows ${list.memories.length} rows after storing the same content twice`,
  );
  check.that(list.total === 1, `list_memories total ${list.total}, want 1`);
  const buckets = (await s.callTool('list_buckets')).data as {
    buckets?: Array<{ name: string; memory_count: number }>;
  };
  const count = buckets.buckets?.find((b) => b.name === bucket)?.memory_count;
  check.that(count === 1, `list_buckets memory_count ${count ?? 'missing'} for the bucket, want 1`);
  check.detail(`stored twice into ${bucket}: list_memories 1 row (total 1), list_buckets count 1`);
});

test('store.dedup.normalized_variant', async ({ mcp, check, ledger }) => {
  // The dedup key is the content trimmed, whitespace-collapsed and lower-cased.
  const s = await mcp();
  const m = marker();
  const bucket = uniqueBucket('dedupv');
  const first = await storeMemory(s, ledger, { content: `Normalized dedup ${m} probe`, bucket });
  const variant = await storeMemory(s, ledger, {
    content: `  NORMALIZED   dedup\n${m.toUpperCase()}\tPROBE  `,
    bucket,
  });
  check.that(
    variant.memory_id === first.memory_id && variant.deduplicated,
    `case/whitespace variant got ${variant.memory_id === first.memory_id ? 'the same' : 'a new'} memory_id, deduplicated=${variant.deduplicated}`,
  );
  check.detail(`upper-cased, re-spaced, padded variant -> same memory_id, deduplicated=true`);
});

test('store.auto_bucket.hashtag', async ({ mcp, check, ledger }) => {
  const s = await mcp();
  const tag = `SmokeTag${hex(4)}`;
  const st = await storeMemory(s, ledger, {
    content: `Auto-bucket probe ${marker()} filed under #${tag} and not #second${hex(3)}`,
    bucket: undefined,
  });
  check.that(
    st.bucket === tag.toLowerCase(),
    `no bucket, first hashtag #${tag}: stored into "${st.bucket}", want "${tag.toLowerCase()}"`,
  );
  const list = await listMemories(s, st.bucket);
  check.that(
    list.memories.some((x) => x.id === st.memory_id),
    `list_memories(${st.bucket}) does not show the memory`,
  );
  check.detail(
    `no bucket, "#${tag} … #second…" -> bucket ${st.bucket} (first tag, lower-cased), listed there`,
  );
});

test('store.auto_bucket.inbox', async ({ mcp, check, ledger }) => {
  const s = await mcp();
  const st = await storeMemory(s, ledger, { content: `Inbox probe ${marker()} without any tag.` });
  check.that(st.bucket === 'inbox', `no bucket, no hashtag: stored into "${st.bucket}", want inbox`);
  check.detail(`no bucket, no hashtag -> bucket inbox (id ${st.bucket_id})`);
});

/** A store the service must refuse: a tool error, and nothing created (not even the bucket). */
async function expectRefusedStore(
  s: McpSession,
  ledger: Parameters<typeof ledgerStored>[0],
  content: string,
  bucket: string,
) {
  const r = await s.callTool('store_memory', { content, bucket });
  ledgerStored(ledger, r);
  const buckets = (await s.callTool('list_buckets')).data as { buckets?: Array<{ name: string }> };
  return { r, created: !!buckets.buckets?.some((b) => b.name === bucket) };
}

test('store.empty.rejected', async ({ mcp, check, ledger }) => {
  const bucket = uniqueBucket('empty');
  const { r, created } = await expectRefusedStore(await mcp(), ledger, '', bucket);
  check.that(
    r.isError,
    `store_memory("") accepted (memory_id ${(r.data as { memory_id?: string } | undefined)?.memory_id ?? '?'})`,
  );
  check.that(!created, `the refused store still created bucket ${bucket}`);
  check.detail(`store_memory("") -> tool error "${r.text.slice(0, 80)}", bucket not created`);
});

test('store.whitespace.rejected', async ({ mcp, check, ledger }) => {
  const bucket = uniqueBucket('blank');
  const { r, created } = await expectRefusedStore(await mcp(), ledger, '  \n\t  \r\n ', bucket);
  check.that(r.isError, 'whitespace-only content accepted');
  check.that(!created, `the refused store still created bucket ${bucket}`);
  check.detail(`whitespace-only content -> tool error "${r.text.slice(0, 80)}", bucket not created`);
});

test('store.oversized.rejected', async ({ mcp, check, ledger }) => {
  const bucket = uniqueBucket('big');
  const content = `${marker()} ${'x'.repeat(MAX_BYTES)}`.slice(0, MAX_BYTES + 1);
  const { r, created } = await expectRefusedStore(await mcp(), ledger, content, bucket);
  check.that(r.isError, `${Buffer.byteLength(content)}-byte content accepted`);
  check.that(
    r.text.includes(String(MAX_BYTES)),
    `the error does not name the ${MAX_BYTES}-byte limit: "${r.text.slice(0, 100)}"`,
  );
  check.that(!created, `the refused store still created bucket ${bucket}`);
  check.detail(`${Buffer.byteLength(content)} bytes -> tool error naming ${MAX_BYTES}, bucket not created`);
});

test('store.oversized_multibyte.rejected', async ({ mcp, check, ledger }) => {
  // The limit is in UTF-8 bytes: 5462 "€" are 5462 characters but 16386 bytes.
  const bucket = uniqueBucket('bigmb');
  const content = '€'.repeat(Math.floor(MAX_BYTES / 3) + 1);
  const { r, created } = await expectRefusedStore(await mcp(), ledger, content, bucket);
  check.that(
    r.isError,
    `${content.length} chars / ${Buffer.byteLength(content)} bytes accepted: the limit counts characters, not bytes`,
  );
  check.that(!created, `the refused store still created bucket ${bucket}`);
  check.detail(
    `${content.length} chars = ${Buffer.byteLength(content)} UTF-8 bytes -> tool error, bucket not created`,
  );
});

test('store.max_size.accepted', async ({ mcp, check, ledger }) => {
  const s = await mcp();
  const bucket = uniqueBucket('max');
  const head = `${marker()} `;
  const content = head + 'y'.repeat(MAX_BYTES - head.length);
  const st = await storeMemory(s, ledger, { content, bucket });
  const list = await listMemories(s, bucket);
  const row = list.memories.find((x) => x.id === st.memory_id);
  check.that(!!row, 'the stored memory is not listed');
  check.that(
    Buffer.byteLength(row!.content) === MAX_BYTES,
    `listed content is ${Buffer.byteLength(row!.content)} bytes, stored ${MAX_BYTES}: truncated or altered`,
  );
  check.detail(`exactly ${MAX_BYTES} bytes accepted and listed back byte for byte`);
});

test('delete_memory.then_list.gone', async ({ mcp, check, ledger }) => {
  const s = await mcp();
  const bucket = uniqueBucket('del');
  const keep = await storeMemory(s, ledger, { content: `Keeper ${marker()}`, bucket });
  const gone = await storeMemory(s, ledger, { content: `Deletable ${marker()}`, bucket });
  const r = await s.callTool('delete_memory', { memory_id: gone.memory_id });
  check.that(!r.isError, `delete_memory: tool error ${r.text.slice(0, 120)}`);
  check.parse(DeleteMemoryResult, r.data, 'delete_memory');
  const list = await listMemories(s, bucket);
  check.that(!list.memories.some((x) => x.id === gone.memory_id), 'the deleted memory is still listed');
  check.that(
    list.memories.some((x) => x.id === keep.memory_id),
    'delete_memory took the other memory of the bucket too',
  );
  check.that(list.total === 1, `list total ${list.total} after deleting 1 of 2`);
  const q = check.parse(
    QueryResult,
    (await s.callTool('query', { question: gone.content.split(' ')[1]!, bucket })).data,
    'query',
  );
  check.that(
    !q.context.some((c) => c.memory_id === gone.memory_id),
    'the deleted memory is still retrieved by query',
  );
  const again = await s.callTool('delete_memory', { memory_id: gone.memory_id });
  check.that(again.isError, 'deleting the same memory twice succeeded twice');
  check.detail(
    `delete_memory {deleted:true}; list 1 of 2 left (the other kept), query no longer retrieves it, a second delete is a tool error`,
  );
});

test('list_buckets.counts.match_lists', async ({ mcp, check, ledger }) => {
  const s = await mcp();
  const bucket = uniqueBucket('count');
  for (let i = 0; i < 3; i++)
    await storeMemory(s, ledger, { content: `Count probe ${i} ${marker()}`, bucket });
  const r = await s.callTool('list_buckets');
  const b = check.parse(ListBucketsResult, r.data, 'list_buckets').buckets.find((x) => x.name === bucket);
  check.that(!!b, `list_buckets lacks ${bucket}`);
  check.that(b!.memory_count === 3, `${bucket} memory_count ${b!.memory_count}, 3 stored`);
  check.detail(`${bucket} (id ${b!.id}) listed with memory_count 3 after 3 stores`);
});
