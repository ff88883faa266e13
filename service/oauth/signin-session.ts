// The browser sign-in behind the consent page: cookie engram_signin (HttpOnly, SameSite=Lax)
// holding a signed value that names a row in `sessions`, so revoking that session (e.g. from
// /account/sessions) ends it at once.
import type { Request, Response } from 'express';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { createSession } from '../account/store/sessions.js';
import { SIGNIN_TTL_MS } from './policy.js';
import type { Signer } from './signed.js';

export const SIGNIN_COOKIE = 'engram_signin';

export interface SignedIn {
  sessionId: string;
  customerId: string;
  email: string;
}

export interface SigninSessions {
  /** The signed-in customer of this browser, or null. */
  current(req: Request): Promise<SignedIn | null>;
  /** Creates the session row and sets the cookie. */
  start(res: Response, customerId: string): Promise<void>;
}

export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return part.slice(i + 1).trim();
  }
  return undefined;
}

export function signinSessions(options: { db: Kysely<Database>; signer: Signer; secureCookie: boolean }): SigninSessions {
  const { db, signer, secureCookie } = { ...options };
  return {
    async current(req) {
      const claims = await signer.verifySignin(cookieValue(req.headers.cookie, SIGNIN_COOKIE));
      if (!claims) return null;
      const row = await db
        .selectFrom('sessions')
        .innerJoin('customers', 'customers.id', 'sessions.customer_id')
        .select(['sessions.id', 'sessions.expires_at', 'sessions.revoked_at', 'customers.id as customer_id', 'customers.email'])
        .where('sessions.id', '=', claims.sessionId)
        .executeTakeFirst();
      if (!row || row.revoked_at || Date.parse(row.expires_at) <= Date.now() || row.customer_id !== claims.customerId) return null;
      return { sessionId: row.id, customerId: row.customer_id, email: row.email };
    },
    async start(res, customerId) {
      const session = await createSession(db, customerId, SIGNIN_TTL_MS);
      const value = await signer.signSignin(session.id, customerId, new Date(session.expires_at));
      res.cookie(SIGNIN_COOKIE, value, {
        httpOnly: true,
        sameSite: 'lax',
        secure: secureCookie,
        path: '/',
        maxAge: SIGNIN_TTL_MS,
      });
    },
  };
}
