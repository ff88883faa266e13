// Buckets: created on first store (race-safe through the unique constraint buckets_customer_name),
// listed with their memory counts, looked up by id (router) or name (MCP). Always tenant-scoped.
import type { Store } from '../db/connect.js';
import { nowIso } from '../db/time.js';
import { MemoryError } from './errors.js';

export interface BucketSummary {
  id: number;
  name: string;
  memory_count: number;
}

export interface BucketRef {
  id: number;
  name: string;
}

/** The bucket's id, creating it if needed. Two racing creators both get the one row. */
export async function ensureBucket(store: Store, customerId: string, name: string): Promise<BucketRef> {
  const existing = await findBucketByName(store, customerId, name);
  if (existing) return existing;
  await store.db
    .insertInto('buckets')
    .values({ customer_id: customerId, name, created_at: nowIso() })
    .onConflict((oc) => oc.columns(['customer_id', 'name']).doNothing())
    .execute();
  const row = await findBucketByName(store, customerId, name);
  if (!row) throw new Error(`bucket ${name} vanished right after its creation`);
  return row;
}

export async function findBucketByName(store: Store, customerId: string, name: string): Promise<BucketRef | undefined> {
  return store.db
    .selectFrom('buckets')
    .select(['id', 'name'])
    .where('customer_id', '=', customerId)
    .where('name', '=', name)
    .executeTakeFirst();
}

/** Another tenant's bucket and an unknown one are the same: not found. */
export async function findBucketById(store: Store, customerId: string, id: number): Promise<BucketRef | undefined> {
  if (!Number.isSafeInteger(id) || id <= 0) return undefined;
  return store.db
    .selectFrom('buckets')
    .select(['id', 'name'])
    .where('customer_id', '=', customerId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function requireBucketByName(store: Store, customerId: string, name: string): Promise<BucketRef> {
  const b = await findBucketByName(store, customerId, name.trim().toLowerCase());
  if (!b) throw new MemoryError('bucket_not_found', `Bucket ${JSON.stringify(name)} not found.`);
  return b;
}

/** Every bucket of the tenant with its memory count, oldest bucket first. */
export async function listBuckets(store: Store, customerId: string): Promise<BucketSummary[]> {
  const rows = await store.db
    .selectFrom('buckets')
    .leftJoin('memories', 'memories.bucket_id', 'buckets.id')
    .select((eb) => ['buckets.id', 'buckets.name', eb.fn.count<number>('memories.id').as('memory_count')])
    .where('buckets.customer_id', '=', customerId)
    .groupBy(['buckets.id', 'buckets.name'])
    .orderBy('buckets.id')
    .execute();
  return rows.map((r) => ({ id: Number(r.id), name: r.name, memory_count: Number(r.memory_count) }));
}
