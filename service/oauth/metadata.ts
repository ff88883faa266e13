// RFC 8414 authorization server metadata. Built with the SDK's createOAuthMetadata, then the issuer
// is set to the exact origin: the SDK would publish `new URL(issuer).href`, which adds a trailing
// slash, and RFC 8414 §3.3 requires the issuer to be identical to the one clients discovered from.
import type { OAuthMetadata } from '@modelcontextprotocol/sdk/shared/auth.js';
import type { OAuthServerProvider } from '@modelcontextprotocol/sdk/server/auth/provider.js';
import { createOAuthMetadata } from '@modelcontextprotocol/sdk/server/auth/router.js';
import { AUTH_METHODS } from './clients-store.js';
import { SCOPES } from './policy.js';

export function authorizationServerMetadata(options: { issuer: string; provider: OAuthServerProvider }): OAuthMetadata {
  const issuer = options.issuer.replace(/\/+$/, '');
  if (new URL(issuer).origin !== issuer) throw new Error(`authorizationServerMetadata: issuer must be a bare origin, got ${options.issuer}`);
  const base = createOAuthMetadata({ provider: options.provider, issuerUrl: new URL(issuer), scopesSupported: [...SCOPES] });
  return {
    ...base,
    issuer,
    token_endpoint_auth_methods_supported: [...AUTH_METHODS],
    revocation_endpoint_auth_methods_supported: [...AUTH_METHODS],
    // Consent redirects carry `iss` (RFC 9207).
    authorization_response_iss_parameter_supported: true,
  };
}
