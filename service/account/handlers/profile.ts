// GET /account/profile, /account/usage, /account/billing: the portal's read-only pages.
import type { RequestHandler } from 'express';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { principalOf } from '../../auth/require-credential.js';
import { notFound } from '../../http/errors.js';
import { handler } from '../../http/routes.js';
import { findCustomerById } from '../store/customers.js';
import { usageOf } from '../store/usage.js';
import { planById } from '../plans.js';
import { customerView } from '../sign-in.js';

type Options = { db: Kysely<Database> };

async function currentCustomer(db: Kysely<Database>, customerId: string) {
  // The credential was valid a moment ago; a row deleted since (reaper) is a 404, not a crash.
  const c = await findCustomerById(db, customerId);
  if (!c) throw notFound('Account');
  return c;
}

export function profileHandler({ db }: Options): RequestHandler {
  return handler(async function profile(_req, res) {
    const p = principalOf(res);
    const c = await currentCustomer(db, p.customerId);
    res.json({ ...customerView(c), role: c.role, authenticated_via: p.via });
  });
}

export function usageHandler({ db }: Options): RequestHandler {
  return handler(async function usage(_req, res) {
    const p = principalOf(res);
    const c = await currentCustomer(db, p.customerId);
    const plan = planById(c.billing_plan);
    res.json({ ...(await usageOf(db, c.id)), limits: plan?.limits ?? null });
  });
}

export function billingHandler({ db }: Options): RequestHandler {
  return handler(async function billing(_req, res) {
    const c = await currentCustomer(db, principalOf(res).customerId);
    const plan = planById(c.billing_plan);
    res.json({
      billing_plan: c.billing_plan,
      status: c.billing_status,
      plan: plan
        ? { id: plan.id, name: plan.name, price_monthly_usd: plan.price_monthly_usd, limits: plan.limits }
        : null,
      has_payment_customer: c.stripe_customer_id !== null,
    });
  });
}
