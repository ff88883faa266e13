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
  return [requireJson, parse];
}
