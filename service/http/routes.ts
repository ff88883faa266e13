// Route declaration with a real 405: every path answers unknown methods with its Allow header.
import type { RequestHandler, Router } from 'express';
import { ApiError } from './errors.js';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
export type Handlers = Partial<Record<Method, RequestHandler | RequestHandler[]>>;

/** Registers handlers for one path plus a 405 for every other method. */
export function route(router: Router, path: string, handlers: Handlers): void {
  const allow = Object.keys(handlers).map((m) => m.toUpperCase());
  if (allow.includes('GET')) allow.push('HEAD');
  const r = router.route(path);
  for (const [method, h] of Object.entries(handlers) as [Method, RequestHandler | RequestHandler[]][]) {
    r[method](...(Array.isArray(h) ? h : [h]));
  }
  r.all((req, _res, next) => {
    if (req.method === 'OPTIONS') return next();
    next(
      new ApiError(405, 'method_not_allowed', `${req.method} is not allowed on ${req.baseUrl}${path}.`, { Allow: allow.join(', ') }),
    );
  });
}

/** Wraps an async handler so a rejection reaches the error handler (Express 5 does too; explicit is clearer). */
export const handler =
  (fn: (...a: Parameters<RequestHandler>) => Promise<unknown>): RequestHandler =>
  (req, res, next) => {
    fn(req, res, next).catch(next);
  };
