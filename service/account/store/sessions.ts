// Server-side sessions: the JWT carries the id, this row decides whether it is still alive.
import type { Kysely } from 'kysely';
import type { Database, Session } from '../../db/schema.js';
import { randomId } from '../../auth/secrets.js';
import { nowIso } from '../../db/time.js';

export async function createSession(
  db: Kysely<Database>,
  customerId: string,
  ttlMs: number,
): Promise<Session> {
  const now = Date.now();
  const row: Session = {
    id: randomId(),
    customer_id: customerId,
    created_at: new Date(now).toISOString(),
    last_seen_at: new Date(now).toISOString(),
    expires_at: new Date(now + ttlMs).toISOString(),
    revoked_at: null,
  };
  await db.insertInto('sessions').values(row).execute();
  return row;
}

/** Unrevoked, unexpired sessions of one customer, newest first. */
export async function listLiveSessions(db: Kysely<Database>, customerId: string): Promise<Session[]> {
  return db
    .selectFrom('sessions')
    .selectAll()
    .where('customer_id', '=', customerId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', nowIso())
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

/** Revokes one live session of this customer; false when there is none (unknown, foreign or already revoked). */
export async function revokeSession(
  db: Kysely<Database>,
  customerId: string,
  sessionId: string,
): Promise<boolean> {
  const res = await db
    .updateTable('sessions')
    .set({ revoked_at: nowIso() })
    .where('id', '=', sessionId)
    .where('customer_id', '=', customerId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}
