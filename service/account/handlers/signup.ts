// POST /auth/signup {email, password, name?} -> 201 {customer, token}; a taken email is 409.
import type { RequestHandler } from 'express';
import { z } from 'zod';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { hashPassword } from '../../auth/passwords.js';
import { conflict } from '../../http/errors.js';
import { handler } from '../../http/routes.js';
import { parseBody } from '../../http/validate.js';
import { insertCustomer, findCustomerByEmail } from '../store/customers.js';
import {
  customerView,
  issueSession,
  EMAIL_MAX_LENGTH,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
} from '../sign-in.js';

export const signupSchema = z.object({
  email: z.string().trim().max(EMAIL_MAX_LENGTH).pipe(z.email()),
  password: z.string().min(PASSWORD_MIN_LENGTH).max(PASSWORD_MAX_LENGTH),
  name: z.string().trim().min(1).max(200).nullable().optional(),
});

export interface SignupOptions {
  db: Kysely<Database>;
  sessionSecret: string;
}

export function signupHandler(options: SignupOptions): RequestHandler {
  const { db, sessionSecret } = options;
  return handler(async function signup(req, res) {
    const input = parseBody(signupSchema, req.body);
    const taken = () => conflict('An account with this email already exists.');
    // Cheap check first; the unique index still decides a race (insertCustomer returns null).
    if (await findCustomerByEmail(db, input.email)) throw taken();
    const customer = await insertCustomer(db, {
      email: input.email,
      name: input.name ?? null,
      passwordHash: await hashPassword(input.password),
    });
    if (!customer) throw taken();
    const session = await issueSession(db, sessionSecret, customer);
    res
      .status(201)
      .json({ customer: customerView(customer), token: session.token, expires_at: session.expiresAt });
  });
}
