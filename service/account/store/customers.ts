// Customer rows: lookup, creation (duplicate email -> null), settings and billing updates.
import type { Kysely } from 'kysely';
import type { Customer, Database } from '../../db/schema.js';
import { randomId } from '../../auth/secrets.js';
import { nowIso } from '../../db/time.js';
import { DEFAULT_PLAN } from '../plans.js';
import { isUniqueViolation } from './unique.js';

/** Emails are stored trimmed and lower-cased, so lookups are case-insensitive on both dialects. */
export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

export async function findCustomerByEmail(
  db: Kysely<Database>,
  email: string,
): Promise<Customer | undefined> {
  return db.selectFrom('customers').selectAll().where('email', '=', normalizeEmail(email)).executeTakeFirst();
}

export async function findCustomerById(db: Kysely<Database>, id: string): Promise<Customer | undefined> {
  return db.selectFrom('customers').selectAll().where('id', '=', id).executeTakeFirst();
}

export interface NewCustomerInput {
  email: string;
  name: string | null;
  passwordHash: string;
}

/** Creates a customer account; null when the email is taken (the unique index decides, so a race yields one). */
export async function insertCustomer(
  db: Kysely<Database>,
  input: NewCustomerInput,
): Promise<Customer | null> {
  const row: Customer = {
    id: randomId(),
    email: normalizeEmail(input.email),
    name: input.name,
    password_hash: input.passwordHash,
    role: 'customer',
    billing_plan: DEFAULT_PLAN,
    billing_status: 'active',
    settings: '{}',
    stripe_customer_id: null,
    created_at: nowIso(),
  };
  try {
    await db.insertInto('customers').values(row).execute();
    return row;
  } catch (err) {
    if (isUniqueViolation(err)) return null;
    throw err;
  }
}

/** The stored settings object ({} when unset or unreadable). */
export async function readSettings(
  db: Kysely<Database>,
  customerId: string,
): Promise<Record<string, unknown>> {
  const row = await db
    .selectFrom('customers')
    .select('settings')
    .where('id', '=', customerId)
    .executeTakeFirst();
  return parseSettings(row?.settings);
}

/** Merges a partial settings patch into the stored object in one transaction; returns the result. */
export async function mergeSettings(
  db: Kysely<Database>,
  customerId: string,
  patch: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  return db.transaction().execute(async (trx) => {
    const current = await readSettings(trx, customerId);
    const merged = { ...current, ...patch };
    await trx
      .updateTable('customers')
      .set({ settings: JSON.stringify(merged) })
      .where('id', '=', customerId)
      .execute();
    return merged;
  });
}

function parseSettings(text: string | undefined): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(text ?? '{}');
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export interface BillingChange {
  plan: string;
  status: string;
  stripeCustomerId?: string | null;
}

/** Applies a billing change; false when the customer does not exist. */
export async function updateBilling(
  db: Kysely<Database>,
  customerId: string,
  change: BillingChange,
): Promise<boolean> {
  const res = await db
    .updateTable('customers')
    .set({
      billing_plan: change.plan,
      billing_status: change.status,
      ...(change.stripeCustomerId ? { stripe_customer_id: change.stripeCustomerId } : {}),
    })
    .where('id', '=', customerId)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}
