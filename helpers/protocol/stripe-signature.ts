/**
 * Stripe-Signature headers for the webhook checks, made by the `stripe` library itself
 * (stripe.webhooks.generateTestHeaderString), so the smoke signs exactly as Stripe does.
 * No API key is used and nothing is sent to Stripe.
 */
import { randomBytes } from 'node:crypto';
import Stripe from 'stripe';

const stripe = new Stripe('sk_test_smoke_unused');

/** `t=<timestamp>,v1=<hmac>` over the exact payload bytes. `timestamp` in seconds (default now). */
export function stripeSignature(payload: string, secret: string, timestamp?: number): string {
  return stripe.webhooks.generateTestHeaderString({
    payload,
    secret,
    timestamp: timestamp ?? Math.floor(Date.now() / 1000),
  });
}

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);

/**
 * A customer.subscription.* event as Stripe sends it, naming the tenant the way the service
 * documents (data.object.metadata.engram_customer_id) and the plan both ways
 * (metadata.plan and items.data[0].price.lookup_key).
 */
export function subscriptionEvent(opts: {
  customerId: string;
  plan: string;
  id?: string;
  type?: 'customer.subscription.created' | 'customer.subscription.updated' | 'customer.subscription.deleted';
  status?: string;
  /** Where the plan is named: metadata.plan and the price's lookup_key (default), or the lookup_key alone. */
  planIn?: 'both' | 'lookup_key';
}): { id: string; payload: string } {
  const id = opts.id ?? `evt_smoke_${randomBytes(8).toString('hex')}`;
  const event = {
    id,
    object: 'event',
    api_version: '2024-06-20',
    created: nowSeconds(),
    livemode: false,
    type: opts.type ?? 'customer.subscription.updated',
    data: {
      object: {
        id: `sub_smoke_${randomBytes(6).toString('hex')}`,
        object: 'subscription',
        customer: `cus_smoke_${randomBytes(6).toString('hex')}`,
        status: opts.status ?? 'active',
        metadata: {
          engram_customer_id: opts.customerId,
          ...(opts.planIn === 'lookup_key' ? {} : { plan: opts.plan }),
        },
        items: {
          object: 'list',
          data: [
            { object: 'subscription_item', price: { object: 'price', lookup_key: `${opts.plan}_monthly` } },
          ],
        },
      },
    },
  };
  return { id, payload: JSON.stringify(event) };
}
