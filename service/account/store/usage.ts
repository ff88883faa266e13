// Per-tenant counts for /account/usage (read straight from the tables other areas write).
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { nowIso } from '../../db/time.js';

export interface Usage {
  memories: number;
  buckets: number;
  queries_24h: number;
  api_keys: number;
  byok_configs: number;
  sessions: number;
}

export async function usageOf(db: Kysely<Database>, customerId: string): Promise<Usage> {
  const since = new Date(Date.now() - 24 * 3600_000).toISOString();
  const now = nowIso();
  const count = async (q: Promise<{ n: string | number | bigint } | undefined>) => Number((await q)?.n ?? 0);
  const [memories, buckets, queries_24h, api_keys, byok_configs, sessions] = await Promise.all([
    count(
      db
        .selectFrom('memories')
        .select((e) => e.fn.countAll().as('n'))
        .where('customer_id', '=', customerId)
        .executeTakeFirst(),
    ),
    count(
      db
        .selectFrom('buckets')
        .select((e) => e.fn.countAll().as('n'))
        .where('customer_id', '=', customerId)
        .executeTakeFirst(),
    ),
    count(
      db
        .selectFrom('query_log')
        .select((e) => e.fn.countAll().as('n'))
        .where('customer_id', '=', customerId)
        .where('created_at', '>', since)
        .executeTakeFirst(),
    ),
    count(
      db
        .selectFrom('api_keys')
        .select((e) => e.fn.countAll().as('n'))
        .where('customer_id', '=', customerId)
        .where('revoked_at', 'is', null)
        .executeTakeFirst(),
    ),
    count(
      db
        .selectFrom('byok_configs')
        .select((e) => e.fn.countAll().as('n'))
        .where('customer_id', '=', customerId)
        .executeTakeFirst(),
    ),
    count(
      db
        .selectFrom('sessions')
        .select((e) => e.fn.countAll().as('n'))
        .where('customer_id', '=', customerId)
        .where('revoked_at', 'is', null)
        .where('expires_at', '>', now)
        .executeTakeFirst(),
    ),
  ]);
  return { memories, buckets, queries_24h, api_keys, byok_configs, sessions };
}
