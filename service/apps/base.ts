// Settings every app shares: no framework fingerprint, no caching of API answers.
import express from 'express';
import { badRequest } from '../http/errors.js';

export function baseApp(): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('trust proxy', 'loopback');
  app.use((req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    // PostgreSQL text cannot hold NUL: refuse it at the door, the same on both dialects.
    if (/%00/i.test(req.url) || req.url.includes('\u0000')) return next(badRequest('The URL contains a NUL character.'));
    next();
  });
  return app;
}
