// The customer portal /account/* (mounted at /account; /account/byok is the BYOK area's).
// Every route takes a session or an API key; credentials are checked per route so an unknown
// path is a 404 and a wrong method a 405, as everywhere else.
import { Router } from 'express';
import type { AppContext } from '../context.js';
import { credentialDeps } from '../context.js';
import { requireCredential } from '../auth/require-credential.js';
import { jsonBody } from '../http/body.js';
import { route } from '../http/routes.js';
import { billingHandler, profileHandler, usageHandler } from './handlers/profile.js';
import { getSettingsHandler, putSettingsHandler } from './handlers/settings.js';
import { listSessionsHandler, revokeSessionHandler } from './handlers/sessions.js';
import { createApiKeyHandler, listApiKeysHandler, revokeApiKeyHandler } from './handlers/api-keys.js';
import { listOAuthGrantsHandler, revokeOAuthGrantsHandler } from './handlers/oauth-grants.js';

export function accountRoutes(ctx: AppContext): Router {
  const router = Router();
  const auth = requireCredential({ ...credentialDeps(ctx), accept: ['session', 'api_key'] });
  const o = { db: ctx.store.db };
  route(router, '/profile', { get: [auth, profileHandler(o)] });
  route(router, '/usage', { get: [auth, usageHandler(o)] });
  route(router, '/billing', { get: [auth, billingHandler(o)] });
  route(router, '/settings', {
    get: [auth, getSettingsHandler(o)],
    put: [auth, ...jsonBody(), putSettingsHandler(o)],
  });
  route(router, '/sessions', { get: [auth, listSessionsHandler(o)] });
  route(router, '/sessions/:id', { delete: [auth, revokeSessionHandler(o)] });
  route(router, '/api-keys', {
    get: [auth, listApiKeysHandler(o)],
    post: [auth, ...jsonBody(), createApiKeyHandler(o)],
  });
  route(router, '/api-keys/:id', { delete: [auth, revokeApiKeyHandler(o)] });
  route(router, '/oauth-grants', { get: [auth, listOAuthGrantsHandler(o)], delete: [auth, revokeOAuthGrantsHandler(o)] });
  return router;
}
