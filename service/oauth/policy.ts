// The authorization server's rules in one place: scopes, lifetimes, redirect URIs, PKCE, audience.
import { CustomOAuthError, InvalidRequestError, InvalidScopeError, InvalidTargetError } from '@modelcontextprotocol/sdk/server/auth/errors.js';

export const SCOPES = ['memories:read', 'memories:write'] as const;
export const CODE_TTL_MS = 60_000;
export const ACCESS_TTL_MS = 15 * 60_000;
export const REFRESH_TTL_MS = 30 * 24 * 60 * 60_000;
/** How long a preserved authorization request (sign-in / consent links) stays usable. */
export const REQUEST_TTL_S = 10 * 60;
/** The browser sign-in that backs the consent page: short, it only bridges one flow. */
export const SIGNIN_TTL_MS = 15 * 60_000;
export const MAX_REDIRECT_URIS = 10;

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);

/**
 * A redirect URI a client may register: https, or http on a loopback host (native apps).
 * @see RFC 8252 §7.3 (loopback), §8.3 (no plain http elsewhere); RFC 6749 §3.1.2 (no fragment)
 */
export function redirectUriProblem(uri: string): string | null {
  let u: URL;
  try {
    u = new URL(uri);
  } catch {
    return `${uri} is not a URL`;
  }
  if (u.hash) return `${uri} must not have a fragment`;
  if (u.username || u.password) return `${uri} must not carry credentials`;
  if (u.protocol === 'https:') return null;
  // Per RFC 8252 §7.3, plain http only for the loopback interface.
  if (u.protocol === 'http:' && LOOPBACK_HOSTS.has(u.hostname)) return null;
  return `${uri} must be https, or http on 127.0.0.1, [::1] or localhost`;
}

export const invalidRedirectUri = (message: string) => new CustomOAuthError('invalid_redirect_uri', message);

/** RFC 7636 §4.2: an S256 challenge is the base64url of a SHA-256 digest, 43 characters. */
export function checkCodeChallenge(challenge: string): void {
  if (!/^[A-Za-z0-9_-]{43}$/.test(challenge)) {
    throw new InvalidRequestError('code_challenge must be an S256 challenge (43 base64url characters)');
  }
}

/** The granted scopes: the requested ones (all known), or every scope when none was asked for. */
export function grantScopes(requested: string[] | undefined): string[] {
  const asked = (requested ?? []).filter(Boolean);
  if (!asked.length) return [...SCOPES];
  const unknown = asked.filter((s) => !(SCOPES as readonly string[]).includes(s));
  if (unknown.length) throw new InvalidScopeError(`Unknown scope: ${unknown.join(' ')}`);
  return [...new Set(asked)];
}

/**
 * The audience of the tokens: the MCP URL, exactly. Any other resource is refused.
 * @see RFC 8707 §2 (invalid_target)
 */
export function checkResource(resource: URL | string | undefined | null, mcpUrl: string): string {
  const expected = new URL(mcpUrl).href;
  if (resource === undefined || resource === null) return expected;
  const given = typeof resource === 'string' ? resource : resource.href;
  if (given !== expected) throw new InvalidTargetError(`This server only issues tokens for ${expected}`);
  return expected;
}
