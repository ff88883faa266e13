// API errors are values with stable codes; errorHandler is the ONE place that turns any error
// into a response. Unknown errors become a generic 500 that never echoes a message or a stack.
import type { ErrorRequestHandler, RequestHandler } from 'express';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
  toBody() {
    return { error: { code: this.code, message: this.message } };
  }
}

export const badRequest = (message: string) => new ApiError(400, 'invalid_request', message);
export const unauthenticated = (message = 'Authentication required.') => new ApiError(401, 'unauthenticated', message);
export const invalidToken = (message = 'The credential is invalid, expired or revoked.') =>
  new ApiError(401, 'invalid_token', message);
export const forbidden = (message = 'You are not allowed to do this.') => new ApiError(403, 'forbidden', message);
export const notFound = (what = 'Resource') => new ApiError(404, 'not_found', `${what} not found.`);
export const conflict = (message: string) => new ApiError(409, 'conflict', message);
export const tooLarge = (message: string) => new ApiError(413, 'payload_too_large', message);

export function sendError(res: import('express').Response, err: ApiError): void {
  for (const [k, v] of Object.entries(err.headers)) res.setHeader(k, v);
  res.status(err.status).json(err.toBody());
}

/** Express error middleware: ApiError as is, body-parser errors mapped, everything else 500. */
export function errorHandler(log: (msg: string, err: unknown) => void = defaultLog): ErrorRequestHandler {
  return function handleError(err, _req, res, next) {
    if (res.headersSent) return next(err);
    if (err instanceof ApiError) return sendError(res, err);
    const e = err as { type?: string; status?: number };
    if (e?.type === 'entity.parse.failed') return sendError(res, new ApiError(400, 'invalid_json', 'The body is not valid JSON.'));
    if (e?.type === 'entity.too.large') return sendError(res, tooLarge('The request body is too large.'));
    if (e?.type === 'encoding.unsupported' || e?.type === 'charset.unsupported')
      return sendError(res, new ApiError(415, 'unsupported_media_type', 'Unsupported body encoding.'));
    if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500)
      return sendError(res, new ApiError(e.status, 'invalid_request', 'The request could not be read.'));
    // Safety net: PostgreSQL refusing text (NUL, bad encoding) is bad input, not a server fault.
    const pgCode = (err as { code?: string })?.code;
    if (pgCode === '22021' || pgCode === '22P05' || pgCode === '22P02')
      return sendError(res, new ApiError(400, 'invalid_request', 'The request contains characters that cannot be stored.'));
    log('unhandled error', err);
    sendError(res, new ApiError(500, 'server_error', 'Internal error.'));
  };
}

function defaultLog(msg: string, err: unknown) {
  console.error(`engram: ${msg}:`, err instanceof Error ? (err.stack ?? err.message) : err);
}

/** Last route: unknown paths are a JSON 404, never Express's HTML page. */
export const notFoundHandler: RequestHandler = (_req, _res, next) => next(notFound('Route'));
