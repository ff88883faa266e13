// POST /auth/login {email, password} -> 200 {token, expires_at}. Unknown email and wrong password
// get the same 401 (same code, same message, same scrypt cost) so accounts cannot be enumerated.
import type { RequestHandler } from 'express';
import { z } from 'zod';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { ApiError } from '../../http/errors.js';
import { handler } from '../../http/routes.js';
import { parseBody } from '../../http/validate.js';
import { checkPassword, issueSession, EMAIL_MAX_LENGTH, PASSWORD_MAX_LENGTH } from '../sign-in.js';

const loginSchema = z.object({
  email: z.string().trim().min(1).max(EMAIL_MAX_LENGTH),
  password: z.string().min(1).max(PASSWORD_MAX_LENGTH),
});

export interface LoginOptions {
  db: Kysely<Database>;
  sessionSecret: string;
}

export function loginHandler(options: LoginOptions): RequestHandler {
  const { db, sessionSecret } = options;
  return handler(async function login(req, res) {
    const input = parseBody(loginSchema, req.body);
    const customer = await checkPassword(db, input.email, input.password);
    if (!customer) throw new ApiError(401, 'unauthenticated', 'Email or password is incorrect.');
    const session = await issueSession(db, sessionSecret, customer);
    res
      .status(200)
      .json({
        token: session.token,
        expires_at: session.expiresAt,
        customer_id: customer.id,
        role: customer.role,
      });
  });
}
