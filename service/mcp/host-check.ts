// DNS-rebinding protection: a page on evil.example that rebinds its name to 127.0.0.1 still
// sends `Host: evil.example`, so only the loopback names of this port and the public host of
// the MCP URL are accepted.
import type { RequestHandler } from 'express';
import { ApiError } from '../http/errors.js';

export function hostCheck(options: { publicUrl: string }): RequestHandler {
  const publicHost = new URL(options.publicUrl).host.toLowerCase();
  return function checkHost(req, _res, next) {
    const host = (req.headers.host ?? '').toLowerCase();
    const port = req.socket.localPort;
    const allowed = host === publicHost || [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`].includes(host);
    if (!allowed) return next(new ApiError(403, 'forbidden', 'Host header not allowed.'));
    next();
  };
}
