// The SDK's /authorize drops `state` from its error redirect when the request fails its schema
// (e.g. no code_challenge). Per RFC 6749 §4.1.2.1 the error response MUST carry the client's
// state, so this wraps res.redirect for /authorize only and adds it back.
import type { RequestHandler, Response } from 'express';

type Redirect = (this: Response, ...args: unknown[]) => void;

export function keepStateOnErrorRedirect(): RequestHandler {
  return function keepState(req, res, next) {
    const original = res.redirect as unknown as Redirect;
    const wrapped: Redirect = function (this: Response, ...args: unknown[]) {
      const [status, url] = args;
      const src = ((req.method === 'POST' ? req.body : req.query) ?? {}) as Record<string, unknown>;
      if (args.length === 2 && typeof url === 'string' && typeof src.state === 'string' && /^https?:\/\//i.test(url)) {
        const u = new URL(url);
        if (u.searchParams.has('error') && !u.searchParams.has('state')) {
          u.searchParams.set('state', src.state);
          return original.call(res, status, u.href);
        }
      }
      return original.apply(res, args);
    };
    res.redirect = wrapped as unknown as Response['redirect'];
    next();
  };
}
