// The ONE credential check behind all three apps: session JWT, API key or OAuth access token.
// Each lookup reads the database, so a revocation reaches every surface at once.
import type { Kysely } from 'kysely';
import type { Database, Role } from '../db/schema.js';
import { nowIso } from '../db/time.js';
import { sha256 } from './secrets.js';
import { verifySession } from './session-tokens.js';

export type CredentialKind = 'session' | 'api_key' | 'oauth';

export interface Principal {
  customerId: string;
  role: Role;
  via: CredentialKind;
  sessionId?: string;
  apiKeyId?: string;
  /** OAuth only: the resource (audience) the token was issued for, its scopes and expiry (epoch s). */
  resource?: string | null;
  scopes?: string[];
  clientId?: string;
  expiresAt?: number;
}

export const API_KEY_PREFIX = 'egk_';
export const ACCESS_TOKEN_PREFIX = 'ega_';
export const REFRESH_TOKEN_PREFIX = 'egr_';

export function kindOf(token: string): CredentialKind {
  if (token.startsWith(API_KEY_PREFIX)) return 'api_key';
  if (token.startsWith(ACCESS_TOKEN_PREFIX)) return 'oauth';
  return 'session';
}

export interface CredentialDeps {
  db: Kysely<Database>;
  sessionSecret: string;
}

/** Resolves a bearer credential to a principal, or null when it is unknown, expired or revoked. */
export async function resolveCredential(deps: CredentialDeps, token: string): Promise<Principal | null> {
  if (!token || token.length > 4096) return null;
  const kind = kindOf(token);
  if (kind === 'api_key') return resolveApiKey(deps.db, token);
  if (kind === 'oauth') return resolveAccessToken(deps.db, token);
  return resolveSession(deps, token);
}

async function resolveSession(deps: CredentialDeps, token: string): Promise<Principal | null> {
  const claims = await verifySession(deps.sessionSecret, token);
  if (!claims) return null;
  const row = await deps.db
    .selectFrom('sessions')
    .innerJoin('customers', 'customers.id', 'sessions.customer_id')
    .select(['sessions.id', 'sessions.expires_at', 'sessions.revoked_at', 'customers.role', 'customers.id as customer_id'])
    .where('sessions.id', '=', claims.sessionId)
    .executeTakeFirst();
  if (!row || row.revoked_at || Date.parse(row.expires_at) <= Date.now() || row.customer_id !== claims.customerId) return null;
  await deps.db.updateTable('sessions').set({ last_seen_at: nowIso() }).where('id', '=', row.id).execute();
  // The role comes from the database, not only the claim: a demoted admin loses access at once.
  return { customerId: row.customer_id, role: row.role, via: 'session', sessionId: row.id };
}

async function resolveApiKey(db: Kysely<Database>, token: string): Promise<Principal | null> {
  const row = await db
    .selectFrom('api_keys')
    .innerJoin('customers', 'customers.id', 'api_keys.customer_id')
    .select(['api_keys.id', 'api_keys.revoked_at', 'customers.id as customer_id', 'customers.role'])
    .where('api_keys.key_hash', '=', sha256(token))
    .executeTakeFirst();
  if (!row || row.revoked_at) return null;
  await db.updateTable('api_keys').set({ last_used_at: nowIso() }).where('id', '=', row.id).execute();
  return { customerId: row.customer_id, role: row.role, via: 'api_key', apiKeyId: row.id };
}

async function resolveAccessToken(db: Kysely<Database>, token: string): Promise<Principal | null> {
  const row = await db
    .selectFrom('oauth_tokens')
    .innerJoin('customers', 'customers.id', 'oauth_tokens.customer_id')
    .select([
      'oauth_tokens.kind', 'oauth_tokens.expires_at', 'oauth_tokens.revoked_at', 'oauth_tokens.resource',
      'oauth_tokens.scopes', 'oauth_tokens.client_id', 'customers.id as customer_id', 'customers.role',
    ])
    .where('oauth_tokens.token_hash', '=', sha256(token))
    .executeTakeFirst();
  if (!row || row.kind !== 'access' || row.revoked_at || Date.parse(row.expires_at) <= Date.now()) return null;
  return {
    customerId: row.customer_id,
    role: row.role,
    via: 'oauth',
    resource: row.resource,
    scopes: row.scopes ? row.scopes.split(' ').filter(Boolean) : [],
    clientId: row.client_id,
    expiresAt: Math.floor(Date.parse(row.expires_at) / 1000),
  };
}
