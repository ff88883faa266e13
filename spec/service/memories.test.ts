// The memories domain at store level, on both dialects: store rules, dedup (also racing),
// auto-bucket, list order, delete, query (retrieval, scores, composer, query_log), tenant isolation.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { openStore, type Store } from '../../service/db/connect.js';
import { migrateToLatest } from '../../service/db/migrate.js';
import { loadConfig } from '../../service/config.js';
import type { AppContext } from '../../service/context.js';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../../scripts/lib/throwaway-postgres.js';
import {
  MAX_MEMORY_BYTES,
  MemoryError,
  autoBucket,
  deleteMemory,
  findBucketByName,
  listBuckets,
  listMemories,
  queryMemories,
  storeMemory,
} from '../../service/memories/index.js';

async function newCustomer(store: Store): Promise<string> {
  const id = crypto.randomUUID();
  await store.db
    .insertInto('customers')
    .values({
      id, email: `t-${id}@engram.test`, name: null, password_hash: 'x', role: 'customer', billing_plan: 'free',
      billing_status: 'active', settings: '{}', stripe_customer_id: null, created_at: new Date().toISOString(),
    })
    .execute();
  return id;
}

const rejects = (rule: string) => (err: unknown) => {
  assert.ok(err instanceof MemoryError, `expected MemoryError, got ${String(err)}`);
  assert.equal(err.rule, rule);
  return true;
};

describe('auto-bucket rule (pure)', () => {
  test('first valid #hashtag, lower-cased, else inbox', () => {
    assert.equal(autoBucket('plain note'), 'inbox');
    assert.equal(autoBucket('ship it #Release-2 then #later'), 'release-2');
    assert.equal(autoBucket('#work_items first'), 'work_items');
    assert.equal(autoBucket('C# is not a tag, page#anchor neither'), 'inbox');
    assert.equal(autoBucket(`#${'a'.repeat(41)} too long, then #ok`), 'ok');
    assert.equal(autoBucket('#café is not cut to caf'), 'inbox');
  });
});

for (const flavor of ['sqlite', 'postgres'] as const) {
  describe(`memories store on ${flavor}`, () => {
    let store: Store;
    let second: Store; // a second connection pool, so races really run in parallel
    let ctx: AppContext;
    let pg: ThrowawayPostgres | undefined;
    let dir: string | undefined;
    let a: string;
    let b: string;

    before(async () => {
      let opts: { sqlitePath?: string; databaseUrl?: string };
      if (flavor === 'postgres') {
        if (!process.env.DATABASE_URL) pg = await startThrowawayPostgres();
        opts = { databaseUrl: process.env.DATABASE_URL ?? pg!.url };
      } else {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), 'engram-mem-'));
        opts = { sqlitePath: path.join(dir, 'db.sqlite') };
      }
      store = openStore(opts);
      await migrateToLatest(store);
      second = openStore(opts);
      const config = loadConfig({ SESSION_SECRET: 'x'.repeat(32) });
      ctx = { config, store, log: () => {} };
      a = await newCustomer(store);
      b = await newCustomer(store);
    });
    after(async () => {
      await second?.close();
      await store?.close();
      pg?.stop();
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    test('store: trimmed content, auto-bucket inbox or #hashtag, explicit bucket lower-cased', async () => {
      const r1 = await storeMemory(store, a, { content: '  the first note  ' });
      assert.equal(r1.bucket, 'inbox');
      assert.equal(r1.deduplicated, false);
      assert.equal(typeof r1.memory_id, 'string');
      assert.equal(typeof r1.bucket_id, 'number');
      const row = await store.db.selectFrom('memories').select('content').where('id', '=', r1.memory_id).executeTakeFirstOrThrow();
      assert.equal(row.content, 'the first note');
      const r2 = await storeMemory(store, a, { content: 'plan for #Launch day' });
      assert.equal(r2.bucket, 'launch');
      const r3 = await storeMemory(store, a, { content: 'explicit wins over #launch', bucket: 'Work' });
      assert.equal(r3.bucket, 'work');
      const r4 = await storeMemory(store, a, { content: 'second inbox note' });
      assert.equal(r4.bucket_id, r1.bucket_id, 'the bucket is reused, not created twice');
    });

    test('store rejects empty, whitespace-only, oversized content and bad bucket names', async () => {
      await assert.rejects(storeMemory(store, a, { content: '' }), rejects('content_empty'));
      await assert.rejects(storeMemory(store, a, { content: ' \n\t ' }), rejects('content_empty'));
      await assert.rejects(storeMemory(store, a, { content: 'x', bucket: 'no spaces allowed' }), rejects('bucket_name'));
      await assert.rejects(storeMemory(store, a, { content: 'x', bucket: 'b'.repeat(41) }), rejects('bucket_name'));
      // The limit counts UTF-8 bytes: 8192 two-byte characters fit exactly, one more does not.
      const fits = await storeMemory(store, a, { content: 'é'.repeat(MAX_MEMORY_BYTES / 2), bucket: 'big' });
      assert.equal(fits.deduplicated, false);
      await assert.rejects(storeMemory(store, a, { content: 'é'.repeat(MAX_MEMORY_BYTES / 2) + 'x' }), (err: unknown) => {
        rejects('content_too_large')(err);
        assert.equal((err as MemoryError).status, 413);
        assert.match((err as MemoryError).message, /16384/);
        return true;
      });
    });

    test('dedup: normalized content returns the same memory_id and adds no row', async () => {
      const first = await storeMemory(store, a, { content: 'Dedup me   please', bucket: 'dedup' });
      const again = await storeMemory(store, a, { content: '  dedup ME please\n' });
      assert.equal(again.memory_id, first.memory_id);
      assert.equal(again.deduplicated, true);
      assert.equal(again.bucket, 'dedup', 'the duplicate reports the bucket the memory lives in');
      const bucket = (await findBucketByName(store, a, 'dedup'))!;
      assert.equal((await listMemories(store, a, bucket)).total, 1);
    });

    test('dedup: identical stores racing on two connections yield one row', async () => {
      const content = `race ${crypto.randomUUID()} #racing`;
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) => storeMemory(i % 2 ? second : store, a, { content })),
      );
      assert.equal(new Set(results.map((r) => r.memory_id)).size, 1);
      assert.equal(results.filter((r) => !r.deduplicated).length, 1, 'exactly one store created the row');
      const rows = await store.db.selectFrom('memories').select('id').where('customer_id', '=', a).where('content', '=', content).execute();
      assert.equal(rows.length, 1);
      const buckets = await store.db.selectFrom('buckets').select('id').where('customer_id', '=', a).where('name', '=', 'racing').execute();
      assert.equal(buckets.length, 1);
    });

    test('buckets created concurrently by different memories: one bucket', async () => {
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) => storeMemory(i % 2 ? second : store, a, { content: `parallel ${i}`, bucket: 'parallel' })),
      );
      assert.equal(new Set(results.map((r) => r.bucket_id)).size, 1);
      const summary = (await listBuckets(store, a)).find((x) => x.name === 'parallel');
      assert.deepEqual(summary, { id: results[0].bucket_id, name: 'parallel', memory_count: 8 });
    });

    test('list: oldest first (created_at, then id), with total; buckets with counts', async () => {
      const bucket = (await findBucketByName(store, a, 'parallel'))!;
      const page = await listMemories(store, a, bucket);
      assert.equal(page.total, 8);
      const keys = page.memories.map((m) => `${m.created_at}|${m.id}`);
      assert.deepEqual(keys, [...keys].sort());
      for (const m of page.memories) assert.match(m.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      const limited = await listMemories(store, a, bucket, { limit: 3, offset: 2 });
      assert.deepEqual(limited.memories, page.memories.slice(2, 5));
      assert.equal(limited.total, 8);
      const buckets = await listBuckets(store, a);
      assert.ok(buckets.some((x) => x.name === 'inbox' && x.memory_count === 2), JSON.stringify(buckets));
    });

    test('delete: own memory goes, unknown and foreign ids are not found', async () => {
      const mine = await storeMemory(store, a, { content: 'to be deleted soon' });
      const theirs = await storeMemory(store, b, { content: 'b keeps this one' });
      await assert.rejects(deleteMemory(store, a, theirs.memory_id), rejects('memory_not_found'));
      await deleteMemory(store, a, mine.memory_id);
      await assert.rejects(deleteMemory(store, a, mine.memory_id), rejects('memory_not_found'));
      await assert.rejects(deleteMemory(store, a, 'not-an-id'), rejects('memory_not_found'));
      const still = await store.db.selectFrom('memories').select('id').where('id', '=', theirs.memory_id).execute();
      assert.equal(still.length, 1);
      // The deleted memory is gone from search too (FTS trigger / generated column).
      const q = await queryMemories(ctx, a, { question: 'deleted soon' });
      assert.ok(!q.context.some((c) => c.memory_id === mine.memory_id));
    });

    test('query: marker retrieved with context, scores in (0, 1] best first, extractive answer, query_log row', async () => {
      const marker = `mk${crypto.randomBytes(6).toString('hex')}`;
      const stored = await storeMemory(store, a, {
        content: `Unrelated opening line. The deploy marker is ${marker} for this run! Closing remark here.`,
      });
      await storeMemory(store, a, { content: 'The deploy went fine yesterday.' });
      const r = await queryMemories(ctx, a, { question: `What is the deploy marker ${marker}?` });
      assert.equal(r.config_set, null);
      assert.equal(r.composer, 'extractive');
      assert.equal(r.context[0].memory_id, stored.memory_id);
      assert.equal(r.context[0].score, 1);
      for (const c of r.context) assert.ok(c.score > 0 && c.score <= 1, `score ${c.score}`);
      const scores = r.context.map((c) => c.score);
      assert.deepEqual(scores, [...scores].sort((x, y) => y - x));
      assert.match(r.answer, new RegExp(marker));
      assert.ok(!r.answer.includes('Unrelated opening'), `answer picks the matching sentence: ${r.answer}`);
      const log = await store.db.selectFrom('query_log').selectAll().where('customer_id', '=', a).orderBy('created_at', 'desc').execute();
      const row = log.find((l) => l.question.includes(marker));
      assert.ok(row, 'query_log row written');
      assert.equal(row.config_set, null);
      assert.equal(Number(row.result_count), r.context.length);
    });

    test('query: top_k default 5, capped at 20; bucket filter; unknown bucket is not found', async () => {
      for (let i = 0; i < 25; i++) await storeMemory(store, a, { content: `topk filler number ${i}`, bucket: 'topk' });
      assert.equal((await queryMemories(ctx, a, { question: 'topk filler' })).context.length, 5);
      assert.equal((await queryMemories(ctx, a, { question: 'topk filler', topK: 50 })).context.length, 20);
      assert.equal((await queryMemories(ctx, a, { question: 'topk filler', topK: 2 })).context.length, 2);
      const inBucket = await queryMemories(ctx, a, { question: 'note filler', bucket: 'inbox', topK: 20 });
      assert.ok(inBucket.context.length > 0);
      const inbox = (await findBucketByName(store, a, 'inbox'))!;
      const inboxIds = new Set((await listMemories(store, a, inbox)).memories.map((m) => m.id));
      for (const c of inBucket.context) assert.ok(inboxIds.has(c.memory_id));
      await assert.rejects(queryMemories(ctx, a, { question: 'x', bucket: 'nope' }), rejects('bucket_not_found'));
    });

    test('query: user syntax never reaches MATCH / to_tsquery; no terms means no hits, still logged', async () => {
      for (const q of ['"unbalanced', 'deploy OR NOT AND NEAR(', 'content:deploy*', "o'brien & | ! ( ) <-> :*", '-- ; drop table memories']) {
        const r = await queryMemories(ctx, a, { question: q });
        assert.equal(typeof r.answer, 'string', q);
      }
      const before = await store.db.selectFrom('query_log').select('id').where('customer_id', '=', a).execute();
      const r = await queryMemories(ctx, a, { question: '?!?' });
      assert.deepEqual(r.context, []);
      assert.equal(r.answer, 'No stored memories match the question.');
      const afterRows = await store.db.selectFrom('query_log').select('id').where('customer_id', '=', a).execute();
      assert.equal(afterRows.length, before.length + 1);
      await assert.rejects(queryMemories(ctx, a, { question: '   ' }), rejects('question_empty'));
    });

    test('query: ?config_set names a BYOK config set; unknown is not found and not logged', async () => {
      const now = new Date().toISOString();
      // base_url on loopback port 1: nothing listens, and no traffic ever leaves this machine.
      await store.db
        .insertInto('byok_configs')
        .values({
          id: crypto.randomUUID(), customer_id: a, name: 'profile-a', provider: 'openai', base_url: 'http://127.0.0.1:1/v1',
          api_key_encrypted: 'x', api_key_masked: 'sk-…0000', model: 'm', overrides: '{}', byok_validated_at: null,
          created_at: now, updated_at: now,
        })
        .execute();
      const r = await queryMemories(ctx, a, { question: 'deploy', configSet: 'profile-a' });
      assert.equal(r.config_set, 'profile-a');
      assert.match(r.composer, /^(extractive|provider:openai)$/);
      const logged = await store.db.selectFrom('query_log').select('config_set').where('customer_id', '=', a).where('config_set', '=', 'profile-a').execute();
      assert.equal(logged.length, 1);
      const count = async () => (await store.db.selectFrom('query_log').select('id').execute()).length;
      const n = await count();
      await assert.rejects(queryMemories(ctx, a, { question: 'deploy', configSet: 'missing' }), rejects('config_set_not_found'));
      // Another tenant's config set is unknown too.
      await assert.rejects(queryMemories(ctx, b, { question: 'deploy', configSet: 'profile-a' }), rejects('config_set_not_found'));
      assert.equal(await count(), n);
    });

    test('tenants never see each other: dedup, buckets, search and query_log are per tenant', async () => {
      const marker = `iso${crypto.randomBytes(5).toString('hex')}`;
      const inA = await storeMemory(store, a, { content: `secret of a ${marker}` });
      const inB = await storeMemory(store, b, { content: `secret of a ${marker}` });
      assert.notEqual(inB.memory_id, inA.memory_id);
      assert.equal(inB.deduplicated, false);
      assert.notEqual(inB.bucket_id, inA.bucket_id);
      const c = await newCustomer(store);
      assert.deepEqual(await listBuckets(store, c), []);
      const r = await queryMemories(ctx, c, { question: marker });
      assert.deepEqual(r.context, []);
      const rb = await queryMemories(ctx, b, { question: marker });
      assert.deepEqual(rb.context.map((x) => x.memory_id), [inB.memory_id]);
      const foreignBucket = (await findBucketByName(store, a, 'inbox'))!;
      const leak = await listMemories(store, c, foreignBucket);
      assert.deepEqual(leak, { memories: [], total: 0 });
      const logC = await store.db.selectFrom('query_log').select('question').where('customer_id', '=', c).execute();
      assert.deepEqual(logC.map((l) => l.question), [marker]);
    });
  });
}
