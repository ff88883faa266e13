// GET /account/sessions and DELETE /account/sessions/:id (another tenant's id is a 404).
import type { RequestHandler } from 'express';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { principalOf } from '../../auth/require-credential.js';
import { notFound } from '../../http/errors.js';
import { handler } from '../../http/routes.js';
import { listLiveSessions, revokeSession } from '../store/sessions.js';

type Options = { db: Kysely<Database> };

export function listSessionsHandler({ db }: Options): RequestHandler {
  return handler(async function listSessions(_req, res) {
    const p = principalOf(res);
    const rows = await listLiveSessions(db, p.customerId);
    res.json({
      sessions: rows.map((s) => ({
        id: s.id,
        created_at: s.created_at,
        last_seen_at: s.last_seen_at,
        expires_at: s.expires_at,
        current: s.id === p.sessionId,
      })),
    });
  });
}

export function revokeSessionHandler({ db }: Options): RequestHandler {
  return handler(async function deleteSession(req, res) {
    const id = String(req.params.id);
    if (!(await revokeSession(db, principalOf(res).customerId, id))) throw notFound('Session');
    res.status(204).end();
  });
}
