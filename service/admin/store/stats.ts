// Admin reads over every tenant: counts and the latest queries (query_log is written by the
// memory area; the same Kysely query runs on both dialects, so there is no per-dialect drift).
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

export interface RecentQuery {
  at: string;
  customer_id: string;
  question: string;
  config_set: string | null;
  result_count: number;
}

export async function countCustomers(db: Kysely<Database>): Promise<number> {
  const r = await db
    .selectFrom('customers')
    .select((e) => e.fn.countAll().as('n'))
    .where('role', '=', 'customer')
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

export async function countMemories(db: Kysely<Database>): Promise<number> {
  const r = await db
    .selectFrom('memories')
    .select((e) => e.fn.countAll().as('n'))
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

export async function countQueriesSince(db: Kysely<Database>, sinceIso: string): Promise<number> {
  const r = await db
    .selectFrom('query_log')
    .select((e) => e.fn.countAll().as('n'))
    .where('created_at', '>', sinceIso)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

export async function recentQueries(db: Kysely<Database>, limit: number): Promise<RecentQuery[]> {
  const rows = await db
    .selectFrom('query_log')
    .select(['created_at', 'customer_id', 'question', 'config_set', 'result_count'])
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    at: r.created_at,
    customer_id: r.customer_id,
    question: r.question,
    config_set: r.config_set,
    result_count: Number(r.result_count),
  }));
}
