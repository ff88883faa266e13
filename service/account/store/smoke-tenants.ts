// Finished smoke tenants: accounts of the smoke's email domain that hold nothing any more
// (no live API key, no BYOK config, no memory). What `npm run reap` lists and deletes.
import type { ExpressionBuilder, Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

export const SMOKE_EMAIL_DOMAIN = 'engram-smoke.test';

export interface SmokeTenant {
  id: string;
  email: string;
  created_at: string;
}

// One predicate for listing and deleting, so a tenant that gains a key between the two is kept.
function finished(eb: ExpressionBuilder<Database, 'customers'>) {
  return eb.and([
    eb('customers.role', '=', 'customer'),
    eb('customers.email', 'like', `%@${SMOKE_EMAIL_DOMAIN}`),
    eb.not(
      eb.exists(
        eb
          .selectFrom('api_keys')
          .select('api_keys.id')
          .whereRef('api_keys.customer_id', '=', 'customers.id')
          .where('api_keys.revoked_at', 'is', null),
      ),
    ),
    eb.not(
      eb.exists(
        eb
          .selectFrom('byok_configs')
          .select('byok_configs.id')
          .whereRef('byok_configs.customer_id', '=', 'customers.id'),
      ),
    ),
    eb.not(
      eb.exists(
        eb.selectFrom('memories').select('memories.id').whereRef('memories.customer_id', '=', 'customers.id'),
      ),
    ),
  ]);
}

export async function listFinishedSmokeTenants(db: Kysely<Database>): Promise<SmokeTenant[]> {
  return db
    .selectFrom('customers')
    .select(['id', 'email', 'created_at'])
    .where(finished)
    .orderBy('created_at', 'asc')
    .orderBy('id', 'asc')
    .execute();
}

/** Deletes every finished smoke tenant (sessions, keys, buckets... cascade) and returns them. */
export async function deleteFinishedSmokeTenants(db: Kysely<Database>): Promise<SmokeTenant[]> {
  return db.deleteFrom('customers').where(finished).returning(['id', 'email', 'created_at']).execute();
}
