// Admin views of customer accounts: a keyset-paginated list and one customer's details.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

export interface CustomerListItem {
  id: string;
  email: string;
  billing_plan: string;
  created_at: string;
}

export interface PageCursor {
  createdAt: string;
  id: string;
}

/**
 * One page of customer accounts (role customer) in (created_at, id) order, after `cursor`.
 * Keyset, not offset: a signup during paging neither repeats nor skips a row.
 */
export async function listCustomersPage(
  db: Kysely<Database>,
  limit: number,
  cursor: PageCursor | null,
): Promise<{ customers: CustomerListItem[]; next: PageCursor | null; total: number }> {
  let q = db
    .selectFrom('customers')
    .select(['id', 'email', 'billing_plan', 'created_at'])
    .where('role', '=', 'customer');
  if (cursor) {
    q = q.where((eb) =>
      eb.or([
        eb('created_at', '>', cursor.createdAt),
        eb.and([eb('created_at', '=', cursor.createdAt), eb('id', '>', cursor.id)]),
      ]),
    );
  }
  const [rows, totalRow] = await Promise.all([
    q
      .orderBy('created_at', 'asc')
      .orderBy('id', 'asc')
      .limit(limit + 1)
      .execute(),
    db
      .selectFrom('customers')
      .select((e) => e.fn.countAll().as('n'))
      .where('role', '=', 'customer')
      .executeTakeFirst(),
  ]);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    customers: page,
    next: rows.length > limit && last ? { createdAt: last.created_at, id: last.id } : null,
    total: Number(totalRow?.n ?? 0),
  };
}

export interface CustomerDetail {
  id: string;
  email: string;
  name: string | null;
  billing_plan: string;
  billing_status: string;
  created_at: string;
  byok_validated_at: string | null;
  byok_config_count: number;
  api_key_count: number;
  memory_count: number;
  bucket_count: number;
}

/** One customer account with its counts; undefined for an unknown id or a non-customer account. */
export async function customerDetail(db: Kysely<Database>, id: string): Promise<CustomerDetail | undefined> {
  const c = await db
    .selectFrom('customers')
    .select(['id', 'email', 'name', 'billing_plan', 'billing_status', 'created_at'])
    .where('id', '=', id)
    .where('role', '=', 'customer')
    .executeTakeFirst();
  if (!c) return undefined;
  const [byok, keys, memories, buckets] = await Promise.all([
    db
      .selectFrom('byok_configs')
      .select((e) => [e.fn.max('byok_validated_at').as('latest'), e.fn.countAll().as('n')])
      .where('customer_id', '=', id)
      .executeTakeFirst(),
    db
      .selectFrom('api_keys')
      .select((e) => e.fn.countAll().as('n'))
      .where('customer_id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst(),
    db
      .selectFrom('memories')
      .select((e) => e.fn.countAll().as('n'))
      .where('customer_id', '=', id)
      .executeTakeFirst(),
    db
      .selectFrom('buckets')
      .select((e) => e.fn.countAll().as('n'))
      .where('customer_id', '=', id)
      .executeTakeFirst(),
  ]);
  return {
    ...c,
    byok_validated_at: isoOrNull(byok?.latest),
    byok_config_count: Number(byok?.n ?? 0),
    api_key_count: Number(keys?.n ?? 0),
    memory_count: Number(memories?.n ?? 0),
    bucket_count: Number(buckets?.n ?? 0),
  };
}

/**
 * max() of a timestamp: a string on both dialects today (connect.ts parses timestamptz to ISO),
 * but normalized here anyway: a Date from one dialect and a string from the other is exactly
 * the drift that once crashed this serializer.
 */
function isoOrNull(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString();
  const ms = Date.parse(String(v));
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}
