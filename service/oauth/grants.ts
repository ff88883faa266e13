// Storage of authorization codes and tokens. Only sha256 hashes of codes and tokens are stored;
// single use and rotation are decided by conditional UPDATEs, so concurrent requests get one winner.
import type { Kysely, Transaction } from 'kysely';
import type { Database, OAuthCodeRow, OAuthTokenRow } from '../db/schema.js';
import { randomId, randomToken, sha256 } from '../auth/secrets.js';
import { ACCESS_TOKEN_PREFIX, REFRESH_TOKEN_PREFIX } from '../auth/credentials.js';
import { isoIn, nowIso } from '../db/time.js';
import { ACCESS_TTL_MS, CODE_TTL_MS, REFRESH_TTL_MS } from './policy.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface NewCode {
  clientId: string;
  customerId: string;
  redirectUri: string;
  codeChallenge: string;
  scopes: string[];
  resource: string;
}

/** Stores a fresh code (hash only) with its own token family; returns the code itself. */
export async function insertCode(db: Db, c: NewCode): Promise<string> {
  const code = randomToken('', 32);
  await db
    .insertInto('oauth_codes')
    .values({
      code_hash: sha256(code),
      client_id: c.clientId,
      customer_id: c.customerId,
      redirect_uri: c.redirectUri,
      code_challenge: c.codeChallenge,
      scopes: c.scopes.join(' '),
      resource: c.resource,
      family_id: randomId(),
      expires_at: isoIn(CODE_TTL_MS),
      used_at: null,
      created_at: nowIso(),
    })
    .execute();
  return code;
}

export const findCode = (db: Db, code: string): Promise<OAuthCodeRow | undefined> =>
  db.selectFrom('oauth_codes').selectAll().where('code_hash', '=', sha256(code)).executeTakeFirst();

/** Marks an unused, unexpired code used. True for exactly one caller per code. */
export async function consumeCode(db: Db, code: string): Promise<boolean> {
  const now = nowIso();
  const r = await db
    .updateTable('oauth_codes')
    .set({ used_at: now })
    .where('code_hash', '=', sha256(code))
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  scopes: string[];
}

/** Inserts an access token and a refresh token of one family. */
export async function insertTokenPair(
  db: Db,
  g: { clientId: string; customerId: string; scopes: string[]; resource: string; familyId: string },
): Promise<IssuedTokens> {
  const accessToken = randomToken(ACCESS_TOKEN_PREFIX, 32);
  const refreshToken = randomToken(REFRESH_TOKEN_PREFIX, 32);
  const base = {
    client_id: g.clientId, customer_id: g.customerId, scopes: g.scopes.join(' '), resource: g.resource,
    family_id: g.familyId, rotated_at: null, revoked_at: null, created_at: nowIso(),
  };
  await db
    .insertInto('oauth_tokens')
    .values([
      { ...base, token_hash: sha256(accessToken), kind: 'access', expires_at: isoIn(ACCESS_TTL_MS) },
      { ...base, token_hash: sha256(refreshToken), kind: 'refresh', expires_at: isoIn(REFRESH_TTL_MS) },
    ])
    .execute();
  return { accessToken, refreshToken, expiresIn: Math.floor(ACCESS_TTL_MS / 1000), scopes: g.scopes };
}

export const findToken = (db: Db, token: string): Promise<OAuthTokenRow | undefined> =>
  db.selectFrom('oauth_tokens').selectAll().where('token_hash', '=', sha256(token)).executeTakeFirst();

/** Marks a live refresh token rotated. True for exactly one caller per token. */
export async function rotateRefreshToken(db: Db, token: string): Promise<boolean> {
  const now = nowIso();
  const r = await db
    .updateTable('oauth_tokens')
    .set({ rotated_at: now })
    .where('token_hash', '=', sha256(token))
    .where('kind', '=', 'refresh')
    .where('rotated_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Revokes every still-active token (access and refresh) of a family; returns how many. */
export async function revokeFamily(db: Db, familyId: string): Promise<number> {
  const r = await db
    .updateTable('oauth_tokens')
    .set({ revoked_at: nowIso() })
    .where('family_id', '=', familyId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function revokeTokenRow(db: Db, tokenHash: string): Promise<void> {
  await db.updateTable('oauth_tokens').set({ revoked_at: nowIso() }).where('token_hash', '=', tokenHash).where('revoked_at', 'is', null).execute();
}
