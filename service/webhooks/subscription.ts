/**
 * Stripe subscription events -> the tenant's billing, as a pure function (no I/O).
 *
 * Mapping (customer.subscription.created | .updated | .deleted, `sub` = event.data.object):
 * - tenant:  sub.metadata.engram_customer_id (set when the checkout session is created);
 *            failing that, sub.customer matched against customers.stripe_customer_id.
 * - plan:    sub.metadata.plan, else sub.items.data[0].price.lookup_key; a plan id of /pricing
 *            (`pro`), or one followed by `_` or `-` and an interval (`pro_monthly`, `team-yearly`).
 *            `.deleted`, and a subscription whose status is `canceled` or `incomplete_expired`,
 *            mean `free`.
 * - status:  sub.status, verbatim (`active`, `trialing`, `past_due`, `canceled`, ...);
 *            `.deleted` without one means `canceled`.
 * - stripe customer id: sub.customer (a string) is remembered for the fallback above.
 * Anything else (other event types, no tenant reference, an unknown plan) is acknowledged and
 * ignored: a 2xx, because Stripe retries non-2xx for days and such an event never becomes valid.
 * Events are applied in arrival order; Stripe does not promise order, and a late `.updated`
 * after a `.deleted` would win. Good enough for a reference service; noted here on purpose.
 */
import { z } from 'zod';
import { PLANS } from '../account/plans.js';

export const SUBSCRIPTION_EVENTS = [
  'customer.subscription.created',
  'customer.subscription.updated',
  'customer.subscription.deleted',
] as const;

const subscriptionSchema = z.object({
  status: z.string().max(64).optional(),
  customer: z.unknown().optional(),
  metadata: z.record(z.string(), z.unknown()).nullable().optional(),
  items: z
    .object({
      data: z.array(
        z
          .object({
            price: z.object({ lookup_key: z.string().nullable().optional() }).passthrough().optional(),
          })
          .passthrough(),
      ),
    })
    .passthrough()
    .optional(),
});

export type SubscriptionIntent =
  | {
      ok: true;
      customerId: string | null;
      stripeCustomerId: string | null;
      plan: string;
      status: string;
    }
  | { ok: false; reason: string };

const TERMINAL_STATUSES = new Set(['canceled', 'incomplete_expired']);

export function planFromKey(key: string | null | undefined): string | null {
  if (!key) return null;
  const k = key.trim().toLowerCase();
  for (const p of PLANS) if (k === p.id || k.startsWith(`${p.id}_`) || k.startsWith(`${p.id}-`)) return p.id;
  return null;
}

export function subscriptionIntent(type: string, object: unknown): SubscriptionIntent {
  const parsed = subscriptionSchema.safeParse(object);
  if (!parsed.success) return { ok: false, reason: 'not_a_subscription_object' };
  const sub = parsed.data;
  const meta = sub.metadata ?? {};
  const customerId =
    typeof meta.engram_customer_id === 'string' && meta.engram_customer_id ? meta.engram_customer_id : null;
  const stripeCustomerId = typeof sub.customer === 'string' && sub.customer ? sub.customer : null;
  if (!customerId && !stripeCustomerId) return { ok: false, reason: 'no_customer_reference' };

  const deleted = type === 'customer.subscription.deleted';
  const status = sub.status ?? (deleted ? 'canceled' : 'active');
  if (deleted || TERMINAL_STATUSES.has(status))
    return { ok: true, customerId, stripeCustomerId, plan: 'free', status };

  const key = typeof meta.plan === 'string' ? meta.plan : sub.items?.data[0]?.price?.lookup_key;
  const plan = planFromKey(key);
  if (!plan) return { ok: false, reason: 'unknown_plan' };
  return { ok: true, customerId, stripeCustomerId, plan, status };
}
