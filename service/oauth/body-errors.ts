// The SDK's OAuth handlers parse bodies themselves; a body that does not parse (not JSON, a JSON
// scalar, oversized) would fall through to the API error handler and get the API envelope. OAuth
// clients read RFC 6749 §5.2 / RFC 7591 §3.2.2 bodies instead: {error, error_description}.
import type { ErrorRequestHandler } from 'express';

export function oauthBodyErrors(): ErrorRequestHandler {
  return function oauthBodyError(err, req, res, next) {
    const type = (err as { type?: string })?.type;
    if (res.headersSent || !type?.startsWith('entity.') && !type?.endsWith('.unsupported')) return next(err);
    // Per RFC 7591 §3.2.2 a bad registration request is invalid_client_metadata.
    const error = req.baseUrl.endsWith('/register') ? 'invalid_client_metadata' : 'invalid_request';
    const status = type === 'entity.too.large' ? 413 : 400;
    res.status(status).json({ error, error_description: status === 413 ? 'The request body is too large.' : 'The request body could not be parsed.' });
  };
}
