// Authentication on the MCP resource: an API key (egk_) or an OAuth access token (ega_) issued
// for THIS resource. Session JWTs are for the dashboard and are not accepted here.
import type { RequestHandler } from 'express';
import { ApiError } from '../http/errors.js';
import { bearerOf } from '../auth/require-credential.js';
import { kindOf, resolveCredential, type CredentialDeps } from '../auth/credentials.js';
import { SCOPES } from './metadata.js';

export interface McpAuthOptions extends CredentialDeps {
  /** The canonical MCP resource URL (the audience OAuth tokens must carry). */
  resource: string;
  /** Where clients find the RFC 9728 metadata (sent in WWW-Authenticate). */
  resourceMetadataUrl: string;
}

const quote = (v: string) => `"${v.replace(/["\\]/g, '\\$&')}"`;
const sameResource = (a: string, b: string) => a.replace(/\/+$/, '') === b.replace(/\/+$/, '');

/** @see RFC 9728 §5.1, RFC 6750 §3.1, RFC 8707 §2 */
export function mcpAuth(options: McpAuthOptions): RequestHandler {
  if (!options.resource) throw new Error('mcpAuth: resource is required');
  if (!options.resourceMetadataUrl) throw new Error('mcpAuth: resourceMetadataUrl is required');
  const { resource, resourceMetadataUrl } = { ...options };
  const challenge = (error?: string) =>
    [`Bearer resource_metadata=${quote(resourceMetadataUrl)}`, `scope=${quote(SCOPES.join(' '))}`, ...(error ? [`error=${quote(error)}`] : [])].join(', ');
  const invalid = (message: string) =>
    new ApiError(401, 'invalid_token', message, { 'WWW-Authenticate': challenge('invalid_token') });

  return async function authenticateMcp(req, res, next) {
    const token = bearerOf(req.headers.authorization);
    // Per RFC 6750 §3.1, a request without credentials gets a challenge with no error code.
    if (!token) {
      return next(new ApiError(401, 'unauthenticated', 'Authentication required: send an API key or an OAuth access token.', {
        'WWW-Authenticate': challenge(),
      }));
    }
    const kind = kindOf(token);
    if (kind === 'session') return next(invalid('Session tokens are not accepted on MCP: use an API key or an OAuth access token.'));
    try {
      const principal = await resolveCredential(options, token);
      if (!principal) return next(invalid('The credential is invalid, expired or revoked.'));
      // Per RFC 8707 §2 (and the MCP authorization spec), a token issued for another resource,
      // or for no resource at all, must not be accepted here.
      if (principal.via === 'oauth' && !(principal.resource && sameResource(principal.resource, resource))) {
        return next(invalid('The access token was not issued for this resource.'));
      }
      res.locals.principal = principal;
      next();
    } catch (err) {
      next(err);
    }
  };
}
