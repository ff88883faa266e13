// Webhook bookkeeping: each Stripe event id is recorded once; the tenant it belongs to.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import { nowIso } from '../../db/time.js';

/**
 * Records an event id; false when it was already recorded. Called first inside the transaction
 * that applies the event, so two concurrent deliveries apply it once (the primary key decides).
 */
export async function recordEventOnce(
  trx: Transaction<Database> | Kysely<Database>,
  event: { id: string; type: string; customerId: string | null },
): Promise<boolean> {
  const row = await trx
    .insertInto('webhook_events')
    .values({ event_id: event.id, type: event.type, customer_id: event.customerId, received_at: nowIso() })
    .onConflict((oc) => oc.column('event_id').doNothing())
    .returning('event_id')
    .executeTakeFirst();
  return row !== undefined;
}

/** The customer account (role customer) an event names, by our id or by its Stripe customer id. */
export async function findBillingCustomer(
  db: Kysely<Database>,
  ref: { customerId: string | null; stripeCustomerId: string | null },
): Promise<string | null> {
  if (ref.customerId) {
    const r = await db
      .selectFrom('customers')
      .select('id')
      .where('id', '=', ref.customerId)
      .where('role', '=', 'customer')
      .executeTakeFirst();
    return r?.id ?? null;
  }
  if (ref.stripeCustomerId) {
    const r = await db
      .selectFrom('customers')
      .select('id')
      .where('stripe_customer_id', '=', ref.stripeCustomerId)
      .where('role', '=', 'customer')
      .executeTakeFirst();
    return r?.id ?? null;
  }
  return null;
}
