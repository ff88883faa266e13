// Client authentication for /token and /revoke, run before the SDK's handlers: confidential
// clients prove their secret (client_secret_post or client_secret_basic), compared by hash in
// constant time. The SDK's own check compares a plaintext secret we do not keep.
import express, { type RequestHandler } from 'express';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { safeEqual, sha256 } from '../auth/secrets.js';
import { loadClient } from './clients-store.js';

function basicCredentials(header: string | undefined): { id: string; secret: string } | null | 'malformed' {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!m) return header && /^Basic\b/i.test(header) ? 'malformed' : null;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  if (i < 0) return 'malformed';
  try {
    // RFC 6749 §2.3.1: both parts are form-urlencoded before base64.
    return { id: decodeURIComponent(decoded.slice(0, i)), secret: decodeURIComponent(decoded.slice(i + 1)) };
  } catch {
    return 'malformed';
  }
}

export function clientAuthentication(options: { db: Kysely<Database> }): RequestHandler[] {
  const { db } = options;
  const parse = express.urlencoded({ extended: false, limit: '16kb' });
  const fail = (res: express.Response, status: 400 | 401, error: string, description: string, basic: boolean) => {
    res.setHeader('Cache-Control', 'no-store');
    // RFC 6749 §5.2: a failed Basic authentication answers 401 with a matching challenge.
    if (status === 401 && basic) res.setHeader('WWW-Authenticate', 'Basic realm="engram"');
    res.status(status).json({ error, error_description: description });
  };
  const authenticate: RequestHandler = async (req, res, next) => {
    if (req.method !== 'POST') return next(); // preflight and 405 stay with the SDK
    try {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const basic = basicCredentials(req.headers.authorization);
      if (basic === 'malformed') return fail(res, 401, 'invalid_client', 'Malformed Basic credentials', true);
      if (basic && body.client_secret !== undefined) {
        return fail(res, 400, 'invalid_request', 'Use one client authentication method, not two', false);
      }
      if (basic) {
        if (body.client_id !== undefined && body.client_id !== basic.id) {
          return fail(res, 400, 'invalid_request', 'client_id does not match the Basic credentials', false);
        }
        // The SDK reads client_id from the body.
        req.body = { ...body, client_id: basic.id };
      }
      const clientId = basic ? basic.id : body.client_id;
      if (typeof clientId !== 'string') return next(); // the SDK answers invalid_request
      const stored = await loadClient(db, clientId);
      if (!stored) return fail(res, 401, 'invalid_client', 'Unknown client', Boolean(basic));
      if (stored.secretHash) {
        const secret = basic ? basic.secret : body.client_secret;
        if (typeof secret !== 'string' || !secret) {
          return fail(res, 401, 'invalid_client', 'Client authentication required', Boolean(basic));
        }
        if (!safeEqual(sha256(secret), stored.secretHash)) {
          return fail(res, 401, 'invalid_client', 'Invalid client credentials', Boolean(basic));
        }
        const expiresAt = stored.client.client_secret_expires_at;
        if (expiresAt && expiresAt < Math.floor(Date.now() / 1000)) {
          return fail(res, 401, 'invalid_client', 'Client secret has expired', Boolean(basic));
        }
      }
      next();
    } catch (err) {
      next(err);
    }
  };
  return [parse, authenticate];
}
