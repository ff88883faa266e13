// "Disconnect all apps": GET /account/oauth-grants lists the OAuth clients holding live tokens
// for this customer; DELETE revokes every one of those tokens at once (a lost laptop, or a
// smoke run interrupted between a token response and its bookkeeping).
import type { RequestHandler } from 'express';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { principalOf } from '../../auth/require-credential.js';
import { handler } from '../../http/routes.js';
import { nowIso } from '../../db/time.js';

type Options = { db: Kysely<Database> };

export function listOAuthGrantsHandler({ db }: Options): RequestHandler {
  return handler(async function listOAuthGrants(_req, res) {
    const rows = await db
      .selectFrom('oauth_tokens')
      .select(['client_id', (eb) => eb.fn.countAll<number>().as('live_tokens')])
      .where('customer_id', '=', principalOf(res).customerId)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', nowIso())
      .groupBy('client_id')
      .orderBy('client_id')
      .execute();
    res.json({ oauth_grants: rows.map((r) => ({ client_id: r.client_id, live_tokens: Number(r.live_tokens) })) });
  });
}

export function revokeOAuthGrantsHandler({ db }: Options): RequestHandler {
  return handler(async function revokeOAuthGrants(_req, res) {
    const r = await db
      .updateTable('oauth_tokens')
      .set({ revoked_at: nowIso() })
      .where('customer_id', '=', principalOf(res).customerId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    res.json({ revoked: Number(r.numUpdatedRows) });
  });
}
