// Middleware: a bearer credential of an accepted kind (and role), else 401/403 with the envelope.
import type { RequestHandler, Response } from 'express';
import { ApiError } from '../http/errors.js';
import { resolveCredential, kindOf, type CredentialDeps, type CredentialKind, type Principal } from './credentials.js';

export interface RequireCredentialOptions extends CredentialDeps {
  accept: CredentialKind[];
  role?: 'admin';
}

export function bearerOf(header: string | undefined): string | null {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return m ? m[1] : null;
}

export function principalOf(res: Response): Principal {
  const p = res.locals.principal as Principal | undefined;
  if (!p) throw new Error('principalOf() used on a route without requireCredential');
  return p;
}

export function requireCredential(options: RequireCredentialOptions): RequestHandler {
  if (!options.accept.length) throw new Error('requireCredential: accept must list at least one credential kind');
  const { accept, role } = { ...options };
  return async function checkCredential(req, res, next) {
    const token = bearerOf(req.headers.authorization);
    // Per RFC 6750 §3.1, no error code when the request carried no credentials at all.
    if (!token) {
      return next(new ApiError(401, 'unauthenticated', 'Authentication required.', { 'WWW-Authenticate': 'Bearer realm="engram"' }));
    }
    const invalid = new ApiError(401, 'invalid_token', 'The credential is invalid, expired or revoked.', {
      'WWW-Authenticate': 'Bearer realm="engram", error="invalid_token"',
    });
    if (!accept.includes(kindOf(token))) return next(invalid);
    try {
      const principal = await resolveCredential(options, token);
      if (!principal) return next(invalid);
      if (role === 'admin' && principal.role !== 'admin') {
        return next(new ApiError(403, 'forbidden', 'This route needs an admin account.'));
      }
      res.locals.principal = principal;
      next();
    } catch (err) {
      next(err);
    }
  };
}
