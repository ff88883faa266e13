// Store, list and delete memories: the one implementation behind the MCP tools and the router.
import type { Store } from '../db/connect.js';
import { nowIso } from '../db/time.js';
import { randomId } from '../auth/secrets.js';
import { MemoryError } from './errors.js';
import { autoBucket, checkBucketName, checkContent, contentHash } from './rules.js';
import { ensureBucket, type BucketRef } from './buckets.js';

export interface StoreResult {
  memory_id: string;
  bucket_id: number;
  bucket: string;
  deduplicated: boolean;
}

export interface MemoryRow {
  id: string;
  content: string;
  created_at: string;
}

export interface MemoryPage {
  memories: MemoryRow[];
  total: number;
}

export const DEFAULT_LIST_LIMIT = 100;
export const MAX_LIST_LIMIT = 1000;

/**
 * Stores a memory, or returns the existing one with the same normalized content (dedup per
 * tenant). Two identical stores racing yield one row: the unique constraint memories_customer_hash
 * decides, and the loser re-reads the winner's row.
 */
export async function storeMemory(
  store: Store,
  customerId: string,
  input: { content: string; bucket?: string | null },
): Promise<StoreResult> {
  const content = checkContent(input.content);
  const bucketName = input.bucket != null && input.bucket !== '' ? checkBucketName(input.bucket) : autoBucket(content);
  const hash = contentHash(content);

  const existing = await findByHash(store, customerId, hash);
  if (existing) return { ...existing, deduplicated: true };

  const bucket = await ensureBucket(store, customerId, bucketName);
  const id = randomId();
  const inserted = await store.db
    .insertInto('memories')
    .values({ id, customer_id: customerId, bucket_id: bucket.id, content, content_hash: hash, created_at: nowIso() })
    .onConflict((oc) => oc.columns(['customer_id', 'content_hash']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted) return { memory_id: id, bucket_id: bucket.id, bucket: bucket.name, deduplicated: false };

  // Lost the race to an identical store: the row that won is the memory.
  const winner = await findByHash(store, customerId, hash);
  if (!winner) throw new Error('memory insert conflicted but no row holds its hash');
  return { ...winner, deduplicated: true };
}

async function findByHash(store: Store, customerId: string, hash: string) {
  const row = await store.db
    .selectFrom('memories')
    .innerJoin('buckets', 'buckets.id', 'memories.bucket_id')
    .select(['memories.id', 'memories.bucket_id', 'buckets.name'])
    .where('memories.customer_id', '=', customerId)
    .where('memories.content_hash', '=', hash)
    .executeTakeFirst();
  return row ? { memory_id: row.id, bucket_id: Number(row.bucket_id), bucket: row.name } : undefined;
}

/** A bucket's memories, oldest first (created_at, then id), and the bucket's total count. */
export async function listMemories(
  store: Store,
  customerId: string,
  bucket: BucketRef,
  page: { limit?: number; offset?: number } = {},
): Promise<MemoryPage> {
  const limit = Math.min(Math.max(Math.trunc(page.limit ?? DEFAULT_LIST_LIMIT), 1), MAX_LIST_LIMIT);
  const offset = Math.max(Math.trunc(page.offset ?? 0), 0);
  const scoped = store.db
    .selectFrom('memories')
    .where('customer_id', '=', customerId)
    .where('bucket_id', '=', bucket.id);
  const [rows, count] = await Promise.all([
    scoped.select(['id', 'content', 'created_at']).orderBy('created_at').orderBy('id').limit(limit).offset(offset).execute(),
    scoped.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { memories: rows, total: Number(count.n) };
}

/** Deletes one of the tenant's memories; another tenant's id is not found, like an unknown one. */
export async function deleteMemory(store: Store, customerId: string, memoryId: string): Promise<void> {
  const r = await store.db
    .deleteFrom('memories')
    .where('customer_id', '=', customerId)
    .where('id', '=', memoryId)
    .executeTakeFirst();
  if (Number(r.numDeletedRows) === 0) throw new MemoryError('memory_not_found', `Memory ${JSON.stringify(memoryId)} not found.`);
}
