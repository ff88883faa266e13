// POST /webhooks/stripe: verify the Stripe-Signature over the RAW body with the stripe library,
// then apply subscription events once per event id. The mapping is in subscription.ts.
import type { RequestHandler } from 'express';
import Stripe from 'stripe';
import { z } from 'zod';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { ApiError } from '../http/errors.js';
import { handler } from '../http/routes.js';
import { updateBilling } from '../account/store/customers.js';
import { SUBSCRIPTION_EVENTS, subscriptionIntent } from './subscription.js';
import { findBillingCustomer, recordEventOnce } from './store/events.js';

export interface StripeWebhookOptions {
  db: Kysely<Database>;
  secret: string;
  /** Seconds a signature stays valid, in both directions (stripe-node checks only the past). */
  toleranceSeconds?: number;
}

const eventSchema = z.object({
  id: z.string().min(1).max(255),
  type: z.string().min(1).max(255),
  data: z.object({ object: z.unknown() }),
});

const invalidSignature = (message: string) => new ApiError(400, 'invalid_signature', message);

function signedTimestamp(header: string): number | null {
  const t = header
    .split(',')
    .map((p) => p.trim())
    .find((p) => p.startsWith('t='));
  const n = t ? Number(t.slice(2)) : NaN;
  return Number.isFinite(n) ? n : null;
}

export function stripeWebhookHandler(options: StripeWebhookOptions): RequestHandler {
  if (!options.secret) throw new Error('stripeWebhookHandler: secret is required');
  const { db, secret } = options;
  const tolerance = options.toleranceSeconds ?? Stripe.webhooks.DEFAULT_TOLERANCE;
  return handler(async function stripeWebhook(req, res) {
    const raw: Buffer = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const header = req.headers['stripe-signature'];
    if (typeof header !== 'string' || !header) throw invalidSignature('Missing Stripe-Signature header.');

    let verified: unknown;
    try {
      // The raw bytes, never a re-serialized object: that would change them (stripe-node #396).
      verified = Stripe.webhooks.constructEvent(raw, header, secret, tolerance);
    } catch (err) {
      // constructEvent verifies first, then JSON.parse: a SyntaxError means correctly signed but
      // not JSON (a sender bug, not a forgery). Anything else fails closed as a bad signature:
      // not only StripeSignatureVerificationError, since stripe-node throws a plain Error for
      // some malformed headers (e.g. an empty `v1=`).
      if (err instanceof SyntaxError)
        throw new ApiError(400, 'invalid_json', 'The signed body is not valid JSON.');
      throw invalidSignature(
        'The Stripe-Signature does not verify (missing, malformed, wrong secret or stale).',
      );
    }
    // stripe-node only bounds the age; a timestamp from the future is as suspect as a stale one.
    const t = signedTimestamp(header);
    if (t === null || t > Date.now() / 1000 + tolerance) {
      throw invalidSignature('The Stripe-Signature timestamp is in the future.');
    }

    const event = eventSchema.safeParse(verified);
    if (!event.success) throw new ApiError(400, 'invalid_request', 'The signed body is not a Stripe event.');
    const { id, type } = event.data;
    if (!(SUBSCRIPTION_EVENTS as readonly string[]).includes(type)) {
      res.status(200).json({ received: true, ignored: true, event_id: id });
      return;
    }
    const intent = subscriptionIntent(type, event.data.data.object);
    if (!intent.ok) {
      res.status(200).json({ received: true, ignored: true, event_id: id, reason: intent.reason });
      return;
    }
    const customerId = await findBillingCustomer(db, intent);
    if (!customerId) {
      res.status(200).json({ received: true, ignored: true, event_id: id, reason: 'unknown_customer' });
      return;
    }
    // Insert-first: the event row and the billing change commit together or not at all.
    const applied = await db.transaction().execute(async (trx) => {
      if (!(await recordEventOnce(trx, { id, type, customerId }))) return false;
      await updateBilling(trx, customerId, {
        plan: intent.plan,
        status: intent.status,
        stripeCustomerId: intent.stripeCustomerId,
      });
      return true;
    });
    if (!applied) {
      res.status(200).json({ received: true, duplicate: true, event_id: id });
      return;
    }
    res.status(200).json({
      received: true,
      applied: true,
      event_id: id,
      customer_id: customerId,
      billing_plan: intent.plan,
      billing_status: intent.status,
    });
  });
}
