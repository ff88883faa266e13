// POST /auth/logout (session credential) -> 204; the session row is revoked, so the same JWT
// gets 401 everywhere from now on (credentials.ts reads the row on every request).
import type { RequestHandler } from 'express';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { principalOf } from '../../auth/require-credential.js';
import { handler } from '../../http/routes.js';
import { revokeSession } from '../store/sessions.js';

export function logoutHandler(options: { db: Kysely<Database> }): RequestHandler {
  const { db } = options;
  return handler(async function logout(_req, res) {
    const p = principalOf(res);
    if (p.sessionId) await revokeSession(db, p.customerId, p.sessionId);
    res.status(204).end();
  });
}
