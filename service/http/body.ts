// JSON bodies: a size cap, and a clear 415 for a body that is not JSON at all.
import express, { type RequestHandler } from 'express';
import { ApiError } from './errors.js';

export const MAX_BODY_BYTES = 64 * 1024;

export function jsonBody(limit = MAX_BODY_BYTES): RequestHandler[] {
  const parse = express.json({ limit, strict: true, type: ['application/json', 'application/*+json'] });
  const requireJson: RequestHandler = (req, _res, next) => {
    const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
    if (hasBody && ['POST', 'PUT', 'PATCH'].includes(req.method) && !req.is(['application/json', 'application/*+json'])) {
      return next(new ApiError(415, 'unsupported_media_type', 'Send the body as application/json.'));
    }
    next();
  };
  const noNul: RequestHandler = (req, _res, next) => {
    // PostgreSQL text cannot hold NUL; SQLite can. Refuse it for both, with a clear 400.
    if (req.body !== undefined && hasNul(req.body)) return next(new ApiError(400, 'invalid_request', 'Text fields must not contain NUL characters.'));
    next();
  };
  return [requireJson, parse, noNul];
}

function hasNul(v: unknown, depth = 0): boolean {
  if (typeof v === 'string') return v.includes('\u0000');
  if (depth > 32 || v === null || typeof v !== 'object') return false;
  return Object.entries(v).some(([k, x]) => k.includes('\u0000') || hasNul(x, depth + 1));
}
