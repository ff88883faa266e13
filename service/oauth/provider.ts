// Our OAuthServerProvider for the MCP SDK's handlers. The SDK validates client_id, redirect_uri and
// request shapes and checks PKCE through challengeForAuthorizationCode; single use, exact
// redirect_uri, audience, rotation and reuse detection are ours.
import type { Response } from 'express';
import type { Kysely } from 'kysely';
import type { AuthorizationParams, OAuthServerProvider } from '@modelcontextprotocol/sdk/server/auth/provider.js';
import type { OAuthClientInformationFull, OAuthTokenRevocationRequest, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import { InvalidGrantError, InvalidRequestError, InvalidScopeError, InvalidTokenError } from '@modelcontextprotocol/sdk/server/auth/errors.js';
import type { Database } from '../db/schema.js';
import { resolveCredential, REFRESH_TOKEN_PREFIX } from '../auth/credentials.js';
import { isPast } from '../db/time.js';
import { clientsStore } from './clients-store.js';
import { checkCodeChallenge, checkResource, grantScopes } from './policy.js';
import type { Signer } from './signed.js';
import type { SigninSessions } from './signin-session.js';
import {
  consumeCode, findCode, findToken, insertTokenPair, revokeFamily, revokeTokenRow, rotateRefreshToken, type IssuedTokens,
} from './grants.js';

export interface ProviderOptions {
  db: Kysely<Database>;
  sessionSecret: string;
  mcpUrl: string;
  signer: Signer;
  signin: SigninSessions;
}

const tokenResponse = (t: IssuedTokens): OAuthTokens => ({
  access_token: t.accessToken,
  token_type: 'Bearer',
  expires_in: t.expiresIn,
  refresh_token: t.refreshToken,
  scope: t.scopes.join(' '),
});

export function engramOAuthProvider(options: ProviderOptions): OAuthServerProvider {
  const { db, mcpUrl, signer, signin } = { ...options };
  const clients = clientsStore(db);

  /** The code's row, if it belongs to this client; anything else is the same invalid_grant. */
  async function codeOf(client: OAuthClientInformationFull, code: string) {
    const row = typeof code === 'string' && code.length <= 200 ? await findCode(db, code) : undefined;
    if (!row || row.client_id !== client.client_id) throw new InvalidGrantError('Invalid authorization code');
    return row;
  }

  /**
   * A reused code is refused and the tokens issued from it revoked.
   * @see RFC 6749 §4.1.2, RFC 9700 §4.2.4
   */
  async function refuseReusedCode(familyId: string): Promise<never> {
    await revokeFamily(db, familyId);
    throw new InvalidGrantError('Authorization code already used; tokens issued from it are revoked');
  }

  return {
    clientsStore: clients,

    async authorize(client: OAuthClientInformationFull, params: AuthorizationParams, res: Response) {
      // Errors thrown here are redirected to the (already verified) redirect_uri by the SDK.
      checkCodeChallenge(params.codeChallenge);
      const scopes = grantScopes(params.scopes);
      const resource = checkResource(params.resource, mcpUrl);
      const request = await signer.signRequest({
        clientId: client.client_id, redirectUri: params.redirectUri, state: params.state,
        codeChallenge: params.codeChallenge, scopes, resource,
      });
      const signedIn = await signin.current(res.req);
      const page = signedIn ? '/oauth/consent' : '/oauth/sign-in';
      res.redirect(302, `${page}?request=${encodeURIComponent(request)}`);
    },

    async challengeForAuthorizationCode(client, code) {
      const row = await codeOf(client, code);
      if (row.used_at) return refuseReusedCode(row.family_id);
      if (isPast(row.expires_at)) throw new InvalidGrantError('Authorization code expired');
      return row.code_challenge;
    },

    async exchangeAuthorizationCode(client, code, _verifier, redirectUri, resource) {
      const row = await codeOf(client, code);
      // RFC 6749 §4.1.3: the redirect_uri must be identical to the one the code was issued for
      // (string equality: no loopback-port or normalisation leniency here).
      if (redirectUri === undefined) {
        const only = client.redirect_uris.length === 1 && client.redirect_uris[0] === row.redirect_uri;
        if (!only) throw new InvalidRequestError('redirect_uri is required');
      } else if (redirectUri !== row.redirect_uri) {
        throw new InvalidGrantError('redirect_uri does not match the authorization request');
      }
      const audience = checkResource(resource, mcpUrl);
      if (row.resource && row.resource !== audience) throw new InvalidGrantError('resource does not match the authorization request');
      const scopes = row.scopes.split(' ').filter(Boolean);
      const issued = await db.transaction().execute(async (trx) => {
        // Single use: one conditional UPDATE; of two concurrent redemptions exactly one wins.
        if (!(await consumeCode(trx, code))) return null;
        return insertTokenPair(trx, {
          clientId: client.client_id, customerId: row.customer_id, scopes, resource: audience, familyId: row.family_id,
        });
      });
      if (!issued) {
        const now = await findCode(db, code);
        if (now?.used_at) return refuseReusedCode(now.family_id);
        throw new InvalidGrantError('Authorization code expired');
      }
      return tokenResponse(issued);
    },

    /** @see RFC 9700 §4.14.2 (refresh token rotation and reuse detection) */
    async exchangeRefreshToken(client, refreshToken, scopes, resource) {
      const row =
        typeof refreshToken === 'string' && refreshToken.startsWith(REFRESH_TOKEN_PREFIX) && refreshToken.length <= 200
          ? await findToken(db, refreshToken)
          : undefined;
      if (!row || row.kind !== 'refresh' || row.client_id !== client.client_id) throw new InvalidGrantError('Invalid refresh token');
      const breach = async (): Promise<never> => {
        // Per RFC 9700 §4.14.2, a rotated refresh token presented again means it leaked: revoke the
        // whole family (the active refresh token and every access token) and refuse.
        await revokeFamily(db, row.family_id);
        throw new InvalidGrantError('Refresh token already used; the token family is revoked');
      };
      if (row.revoked_at) throw new InvalidGrantError('Refresh token revoked');
      if (row.rotated_at) return breach();
      if (isPast(row.expires_at)) throw new InvalidGrantError('Refresh token expired');
      const granted = row.scopes.split(' ').filter(Boolean);
      const asked = (scopes ?? []).filter(Boolean);
      // RFC 6749 §6: a refresh may narrow the scope, never widen it.
      if (asked.some((s) => !granted.includes(s))) throw new InvalidScopeError('scope exceeds the original grant');
      grantScopes(asked);
      const audience = checkResource(resource, mcpUrl);
      if (row.resource && row.resource !== audience) throw new InvalidGrantError('resource does not match the original grant');
      const issued = await db.transaction().execute(async (trx) => {
        if (!(await rotateRefreshToken(trx, refreshToken))) return null;
        return insertTokenPair(trx, {
          clientId: client.client_id, customerId: row.customer_id, scopes: asked.length ? [...new Set(asked)] : granted,
          resource: audience, familyId: row.family_id,
        });
      });
      if (!issued) {
        // Lost a race with a concurrent refresh (or the token just expired or was revoked).
        const now = await findToken(db, refreshToken);
        if (now?.rotated_at) return breach();
        throw new InvalidGrantError('Invalid refresh token');
      }
      return tokenResponse(issued);
    },

    async verifyAccessToken(token): Promise<AuthInfo> {
      const p = await resolveCredential({ db, sessionSecret: options.sessionSecret }, token);
      if (!p || p.via !== 'oauth' || !p.clientId) throw new InvalidTokenError('Invalid or expired access token');
      return {
        token, clientId: p.clientId, scopes: p.scopes ?? [], expiresAt: p.expiresAt,
        resource: p.resource ? new URL(p.resource) : undefined,
      };
    },

    /** @see RFC 7009 §2.1-2.2: unknown or foreign tokens are answered 200 all the same. */
    async revokeToken(client, request: OAuthTokenRevocationRequest) {
      const token = request.token;
      if (typeof token !== 'string' || !token || token.length > 200) return;
      const row = await findToken(db, token);
      if (!row || row.client_id !== client.client_id) return;
      // Revoking a refresh token ends the grant: its family's access tokens go with it.
      if (row.kind === 'refresh') await revokeFamily(db, row.family_id);
      else await revokeTokenRow(db, row.token_hash);
    },
  };
}
