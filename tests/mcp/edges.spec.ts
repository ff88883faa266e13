/**
 * The memory rules at their edges (issue #24 item 3): a bucket name one character past its limit,
 * characters outside its class, text beyond ASCII read back byte for byte on every surface, and a
 * delete followed by the same store again. One example in the middle of a rule passes many bugs
 * that a probe at its boundary does not.
 */
import { test } from '../../helpers/fixtures.js';
import { hex, ledgerStored, listMemories, marker, storeMemory } from '../../helpers/checks/memories.js';
import { BucketList, BucketMemories, ListBucketsResult, QueryResult } from '../../helpers/schemas/index.js';

/** A name of exactly `n` characters from [a-z0-9_-], unique to this run. */
const bucketOf = (tag: string, n: number): string => `smoke-${tag}-${hex(4)}-`.padEnd(n, 'x').slice(0, n);

/** Where two strings first differ, as code points: `U+0065 vs U+00E9 at 12`, or '' when equal. */
function firstDifference(got: string, want: string): string {
  const [a, b] = [[...got], [...want]];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) {
      const cp = (c: string | undefined) =>
        c === undefined ? 'end' : `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
      return `${cp(a[i])} where ${cp(b[i])} was stored, at code point ${i}`;
    }
  }
  return '';
}

test('store.bucket_name.length_and_charset_edges', async ({ mcp, check, ledger }) => {
  // docs/contract.md: bucket names are [a-z0-9_-]{1,40}. The longest valid name is accepted as
  // given; one character more, a character outside the class, or a letter beyond ASCII is refused
  // (a tool error, nothing created), not cut, transliterated or searched for a valid part.
  const s = await mcp();
  const longest = bucketOf('b40', 40);
  const refused: ReadonlyArray<readonly [string, string]> = [
    [bucketOf('b41', 41), '41 chars'],
    [`smoke-dot.${hex(3)}`, '"." inside'],
    [`smoke sp-${hex(3)}`, 'a space inside'],
    [`smoke/${hex(3)}`, '"/" inside'],
    [`smoke-café-${hex(3)}`, 'non-ASCII "é"'],
    [`smoke-ｘ-${hex(3)}`, 'fullwidth "ｘ" (U+FF58)'],
  ];
  const m = marker();
  const [ok, ...tries] = await Promise.all([
    s.callTool('store_memory', { content: `Bucket edge probe ${m} at 40 chars`, bucket: longest }),
    ...refused.map(([bucket, what]) =>
      s.callTool('store_memory', { content: `Bucket edge probe ${m} with ${what} ${hex(3)}`, bucket }),
    ),
  ]);
  for (const r of [ok!, ...tries]) ledgerStored(ledger, r);
  check.that(!ok!.isError, `a 40-char bucket name refused: "${ok!.text.slice(0, 100)}"`);
  const stored = (ok!.data as { bucket?: string }).bucket;
  check.equal(stored, longest, 'bucket of the store with a 40-char name');
  const accepted = refused.flatMap(([, what], i) =>
    tries[i]!.isError
      ? []
      : [`${what} (stored into ${JSON.stringify((tries[i]!.data as { bucket?: string }).bucket)})`],
  );
  const buckets = check.parse(ListBucketsResult, (await s.callTool('list_buckets')).data, 'list_buckets');
  const names = new Set(buckets.buckets.map((b) => b.name));
  const created = refused.filter(([name]) => names.has(name.toLowerCase()));
  check.that(accepted.length === 0, `bucket name with ${accepted.join(', ')} accepted`);
  check.that(
    created.length === 0,
    `refused store still created bucket ${created.map(([n]) => n).join(', ')}`,
  );
  check.that(names.has(longest), `list_buckets lacks the 40-char bucket ${longest}`);
  check.detail(
    `40-char name accepted as given; ${refused.map(([, what]) => what).join(', ')} refused (tool errors), none created`,
  );
});

test('store.unicode.byte_identical_everywhere', async ({ mcp, http, check, ledger }) => {
  // Text beyond ASCII comes back exactly as stored: astral emoji and a ZWJ sequence, CJK, Hangul,
  // right-to-left, decomposed accents (e + U+0301) and an NFC-unstable sign (U+2126 OHM SIGN) that
  // a Unicode normalization would silently rewrite.
  const s = await mcp();
  const m = marker();
  const bucket = bucketOf('uni', 30);
  const content =
    `${m} 🧠 👩🏽‍💻 記憶のテスト 기억 שלום עולם Cafe\u0301 A\u030Angstro\u0308m \u2126 ﬁne ` +
    `\u{1D54F} ends here`;
  const st = await storeMemory(s, ledger, { content, bucket });
  const router = await http({ app: 'router', auth: 'apiKey' });
  const [list, q, ids] = await Promise.all([
    listMemories(s, bucket),
    s.callTool('query', { question: m, bucket }),
    router.get('/router/buckets'),
  ]);
  const id = check
    .parse(BucketList, await ids.json(), 'GET /router/buckets')
    .buckets.find((b) => b.name === bucket)?.id;
  check.that(!!id, `GET /router/buckets does not list ${bucket}`);
  const rows = await check.json(await router.get(`/router/buckets/${id}/memories`), 200, BucketMemories);
  check.that(!q.isError, `query: tool error ${q.text.slice(0, 120)}`);
  const seen: Array<[string, string | undefined]> = [
    ['list_memories', list.memories.find((x) => x.id === st.memory_id)?.content],
    [
      'query context',
      check.parse(QueryResult, q.data, 'query').context.find((c) => c.memory_id === st.memory_id)?.content,
    ],
    ['router', rows.memories.find((x) => x.id === st.memory_id)?.content],
  ];
  for (const [where, got] of seen) {
    check.that(got !== undefined, `${where} does not return the stored memory ${st.memory_id}`);
    check.that(
      got === content,
      `${where}: ${Buffer.byteLength(got!)} bytes back for ${Buffer.byteLength(content)} stored; ${firstDifference(got!, content)}`,
    );
  }
  check.detail(
    `${[...content].length} code points / ${Buffer.byteLength(content)} UTF-8 bytes (emoji, ZWJ, CJK, Hangul, Hebrew, e+U+0301, U+2126) identical via list_memories, query and router`,
  );
});

test('store.delete_then_same_content.fresh_memory', async ({ mcp, check, ledger }) => {
  // Store, delete, store the same content again: the dedup key belonged to a row that is gone,
  // so the third step is a new memory (deduplicated=false, a new id, listed), not a hit on the
  // deleted row; the store after that dedups onto the new one.
  const s = await mcp();
  const bucket = bucketOf('redo', 30);
  const content = `Re-store probe ${marker()}: stored, deleted, stored again.`;
  const first = await storeMemory(s, ledger, { content, bucket });
  const del = await s.callTool('delete_memory', { memory_id: first.memory_id });
  check.that(!del.isError, `precondition: delete_memory failed: ${del.text.slice(0, 100)}`);
  const again = await storeMemory(s, ledger, { content, bucket });
  check.equal(again.deduplicated, false, 'deduplicated on the store after the delete');
  check.that(
    again.memory_id !== first.memory_id,
    `the store after the delete answered the deleted memory_id ${first.memory_id}`,
  );
  const [list, third] = await Promise.all([
    listMemories(s, bucket),
    s.callTool('store_memory', { content, bucket }),
  ]);
  ledgerStored(ledger, third);
  check.equal(
    list.memories.map((x) => x.id),
    [again.memory_id],
    `list_memories(${bucket}) ids after store, delete, store`,
  );
  check.equal(list.total, 1, 'list_memories total');
  const t = third.data as { memory_id?: string; deduplicated?: boolean } | undefined;
  check.that(
    !third.isError && t?.memory_id === again.memory_id && t.deduplicated === true,
    `a third store of the same content -> ${third.isError ? 'tool error' : `memory_id ${t?.memory_id}, deduplicated=${t?.deduplicated}`}, want ${again.memory_id} deduplicated=true`,
  );
  check.detail(
    `store ${first.memory_id.slice(0, 8)}…, delete, store again -> new ${again.memory_id.slice(0, 8)}… deduplicated=false, listed alone (total 1); a third store dedups onto it`,
  );
});

test('store.max_size.trimmed_and_astral_edges', async ({ mcp, check, ledger }) => {
  // docs/contract.md: content is trimmed, then at most 16384 UTF-8 bytes. Exactly the limit is
  // accepted when it is padded with whitespace (the limit is on what is stored) and when it is
  // made of 4-byte characters (4096 emoji: 8192 UTF-16 units); one 4-byte character more is not.
  const MAX = 16384;
  const s = await mcp();
  const bucket = bucketOf('maxe', 30);
  const head = `${marker()} `;
  const ascii = head + 'z'.repeat(MAX - head.length);
  const emoji = head + '🧠'.repeat((MAX - head.length) / 4);
  check.that(
    Buffer.byteLength(emoji) === MAX,
    `precondition: the emoji content is ${Buffer.byteLength(emoji)} bytes`,
  );
  const over = `${marker()} ${'🧠'.repeat((MAX - head.length) / 4 + 1)}`; // a new marker: not a dedup hit
  const [padded, astral, tooBig] = await Promise.all([
    s.callTool('store_memory', { content: `\n\t  ${ascii}  \r\n`, bucket }),
    s.callTool('store_memory', { content: emoji, bucket }),
    s.callTool('store_memory', { content: over, bucket }),
  ]);
  for (const r of [padded!, astral!, tooBig!]) ledgerStored(ledger, r);
  check.that(
    !padded!.isError,
    `${MAX} bytes padded with whitespace refused: "${padded!.text.slice(0, 100)}" (the limit counts what is stored, trimmed)`,
  );
  check.that(!astral!.isError, `${MAX} bytes of 4-byte characters refused: "${astral!.text.slice(0, 100)}"`);
  check.that(tooBig!.isError, `${Buffer.byteLength(over)} bytes (one 4-byte character over) accepted`);
  const list = await listMemories(s, bucket);
  const contentOf = (r: typeof padded) =>
    list.memories.find((x) => x.id === (r!.data as { memory_id?: string }).memory_id)?.content;
  check.that(
    contentOf(padded) === ascii,
    `the padded store reads back ${Buffer.byteLength(contentOf(padded) ?? '')} bytes, want the ${MAX} trimmed`,
  );
  check.that(
    contentOf(astral) === emoji,
    `the emoji store reads back ${Buffer.byteLength(contentOf(astral) ?? '')} bytes, want ${MAX} identical`,
  );
  check.detail(
    `${MAX} bytes + whitespace padding -> accepted, stored trimmed; ${MAX} bytes as ${(MAX - head.length) / 4} emoji -> accepted, identical; ${Buffer.byteLength(over)} bytes -> tool error`,
  );
});
