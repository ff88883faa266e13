// Reads the preserved authorization request back from a page's `request` value, and checks that
// its client and redirect_uri are still registered before anything is shown or issued.
import type { Kysely } from 'kysely';
import type { OAuthClientInformationFull } from '@modelcontextprotocol/sdk/shared/auth.js';
import { redirectUriMatches } from '@modelcontextprotocol/sdk/server/auth/handlers/authorize.js';
import type { Database } from '../db/schema.js';
import { loadClient } from './clients-store.js';
import type { PendingAuthorization, Signer } from './signed.js';

export interface Pending {
  blob: string;
  request: PendingAuthorization;
  client: OAuthClientInformationFull;
  clientName: string;
}

export const EXPIRED_REQUEST = 'This sign-in link is invalid or has expired.';

export async function loadPending(deps: { db: Kysely<Database>; signer: Signer }, blob: unknown): Promise<Pending | null> {
  const request = await deps.signer.verifyRequest(blob);
  if (!request) return null;
  const stored = await loadClient(deps.db, request.clientId);
  if (!stored) return null;
  const { client } = stored;
  if (!client.redirect_uris.some((r) => redirectUriMatches(request.redirectUri, r))) return null;
  return { blob: blob as string, request, client, clientName: client.client_name || client.client_id };
}

/** The client's redirect_uri with the authorization response parameters added. */
export function redirectWith(redirectUri: string, params: Record<string, string | undefined>): string {
  const url = new URL(redirectUri);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
  return url.href;
}
