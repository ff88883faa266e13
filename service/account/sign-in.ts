// Password check and session issue, shared by /auth/signup, /auth/login (and any sign-in page).
import type { Kysely } from 'kysely';
import type { Customer, Database } from '../db/schema.js';
import { DUMMY_HASH, verifyPassword } from '../auth/passwords.js';
import { SESSION_TTL_MS, signSession } from '../auth/session-tokens.js';
import { findCustomerByEmail } from './store/customers.js';
import { createSession } from './store/sessions.js';

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 256;
export const EMAIL_MAX_LENGTH = 254;

/**
 * The customer whose email and password match, or null. An unknown email is verified against
 * DUMMY_HASH, so both failures cost one scrypt and cannot be told apart by timing.
 */
export async function checkPassword(
  db: Kysely<Database>,
  email: string,
  password: string,
): Promise<Customer | null> {
  const customer = await findCustomerByEmail(db, email);
  const ok = await verifyPassword(password, customer?.password_hash ?? DUMMY_HASH);
  return customer && ok ? customer : null;
}

export interface IssuedSession {
  sessionId: string;
  token: string;
  expiresAt: string;
}

/** Creates the server-side session row and the JWT that names it. */
export async function issueSession(
  db: Kysely<Database>,
  sessionSecret: string,
  customer: Customer,
): Promise<IssuedSession> {
  const session = await createSession(db, customer.id, SESSION_TTL_MS);
  const token = await signSession(
    sessionSecret,
    { customerId: customer.id, role: customer.role, sessionId: session.id },
    new Date(session.expires_at),
  );
  return { sessionId: session.id, token, expiresAt: session.expires_at };
}

/** The customer fields every surface shows (never the hash, the settings or Stripe ids). */
export const customerView = (c: Customer) => ({
  id: c.id,
  email: c.email,
  name: c.name,
  billing_plan: c.billing_plan,
  created_at: c.created_at,
});
