// BYOK config sets, mounted at /account/byok on the admin app. Session or API key credentials,
// checked per route (as the rest of /account does) so an unknown path is a 404 and a wrong
// method a 405 even without credentials.
import { Router } from 'express';
import { credentialDeps, type AppContext } from '../context.js';
import { requireCredential } from '../auth/require-credential.js';
import { jsonBody } from '../http/body.js';
import { route } from '../http/routes.js';
import { createByokHandler } from './handlers/create.js';
import { deleteByokHandler } from './handlers/delete.js';
import { deleteOverrideHandler, putOverrideHandler } from './handlers/overrides.js';
import { getByokHandler, listByokHandler } from './handlers/read.js';
import { updateByokHandler } from './handlers/update.js';
import { validateByokHandler } from './handlers/validate.js';

export function byokRoutes(ctx: AppContext): Router {
  const router = Router();
  const auth = requireCredential({ ...credentialDeps(ctx), accept: ['session', 'api_key'] });
  const json = jsonBody();
  route(router, '/', { get: [auth, listByokHandler(ctx)], post: [auth, ...json, createByokHandler(ctx)] });
  route(router, '/:id', {
    get: [auth, getByokHandler(ctx)],
    put: [auth, ...json, updateByokHandler(ctx)],
    delete: [auth, deleteByokHandler(ctx)],
  });
  route(router, '/:id/validate', { post: [auth, ...json, validateByokHandler(ctx)] });
  route(router, '/:id/overrides/:component', {
    put: [auth, ...json, putOverrideHandler(ctx)],
    delete: [auth, deleteOverrideHandler(ctx)],
  });
  return router;
}
