// RFC 7591 registered clients in oauth_clients. The client secret is stored as a sha256 hash and
// never handed back to the SDK: client-auth.ts checks it before the SDK's handlers run.
import type { Kysely } from 'kysely';
import type { OAuthRegisteredClientsStore } from '@modelcontextprotocol/sdk/server/auth/clients.js';
import type { OAuthClientInformationFull } from '@modelcontextprotocol/sdk/shared/auth.js';
import { InvalidClientMetadataError } from '@modelcontextprotocol/sdk/server/auth/errors.js';
import type { Database } from '../db/schema.js';
import { sha256 } from '../auth/secrets.js';
import { nowIso } from '../db/time.js';
import { invalidRedirectUri, MAX_REDIRECT_URIS, redirectUriProblem } from './policy.js';

export const AUTH_METHODS = ['none', 'client_secret_post', 'client_secret_basic'] as const;

export interface StoredClient {
  client: OAuthClientInformationFull;
  secretHash: string | null;
}

/** A client as stored: metadata plus the secret's hash (null for public clients). */
export async function loadClient(db: Kysely<Database>, clientId: string): Promise<StoredClient | undefined> {
  if (typeof clientId !== 'string' || !clientId || clientId.length > 200) return undefined;
  // A NUL cannot be a client id, and PostgreSQL would refuse to even compare it.
  if (clientId.includes('\u0000')) return undefined;
  const row = await db.selectFrom('oauth_clients').selectAll().where('client_id', '=', clientId).executeTakeFirst();
  if (!row) return undefined;
  const metadata = JSON.parse(row.metadata) as OAuthClientInformationFull;
  return { client: { ...metadata, client_id: row.client_id }, secretHash: row.client_secret_hash };
}

/** Validates what the SDK's schema leaves open: redirect URI schemes, grant and auth methods. */
function checkMetadata(c: Omit<OAuthClientInformationFull, 'client_id' | 'client_id_issued_at'>): void {
  if (!c.redirect_uris.length) throw invalidRedirectUri('At least one redirect_uri is required');
  if (c.redirect_uris.length > MAX_REDIRECT_URIS) throw invalidRedirectUri(`At most ${MAX_REDIRECT_URIS} redirect_uris`);
  for (const uri of c.redirect_uris) {
    const problem = redirectUriProblem(uri);
    if (problem) throw invalidRedirectUri(problem);
  }
  const method = c.token_endpoint_auth_method;
  if (method !== undefined && !(AUTH_METHODS as readonly string[]).includes(method)) {
    throw new InvalidClientMetadataError(`token_endpoint_auth_method must be one of ${AUTH_METHODS.join(', ')}`);
  }
  const badGrant = (c.grant_types ?? []).find((g) => g !== 'authorization_code' && g !== 'refresh_token');
  if (badGrant) throw new InvalidClientMetadataError(`Unsupported grant_type ${badGrant}`);
  const badType = (c.response_types ?? []).find((t) => t !== 'code');
  if (badType) throw new InvalidClientMetadataError(`Unsupported response_type ${badType}`);
  if ((c.client_name?.length ?? 0) > 200) throw new InvalidClientMetadataError('client_name is too long');
}

export function clientsStore(db: Kysely<Database>): OAuthRegisteredClientsStore {
  return {
    async getClient(clientId) {
      return (await loadClient(db, clientId))?.client;
    },
    async registerClient(input) {
      checkMetadata(input);
      const { client_secret, ...rest } = input;
      const client = {
        ...rest,
        // RFC 7591 §2: the default method is client_secret_basic; say so explicitly.
        token_endpoint_auth_method: rest.token_endpoint_auth_method ?? 'client_secret_basic',
        grant_types: rest.grant_types ?? ['authorization_code', 'refresh_token'],
        response_types: rest.response_types ?? ['code'],
      } as OAuthClientInformationFull;
      await db
        .insertInto('oauth_clients')
        .values({
          client_id: client.client_id,
          client_secret_hash: client_secret ? sha256(client_secret) : null,
          metadata: JSON.stringify(client),
          created_at: nowIso(),
        })
        .execute();
      // The secret is shown once, in the registration response.
      return client_secret ? { ...client, client_secret } : client;
    },
  };
}
