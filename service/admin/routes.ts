// Admin /admin/* (mounted at /admin). Every route needs an admin session or an admin's API key:
// no credential 401, a customer's credential 403 (require-credential.ts).
import { Router } from 'express';
import type { AppContext } from '../context.js';
import { credentialDeps } from '../context.js';
import { requireCredential } from '../auth/require-credential.js';
import { route } from '../http/routes.js';
import { customerDetailHandler, listCustomersHandler, presetsHandler, statsHandler } from './handlers.js';

export function adminRoutes(ctx: AppContext): Router {
  const router = Router();
  const admin = requireCredential({ ...credentialDeps(ctx), accept: ['session', 'api_key'], role: 'admin' });
  const o = { db: ctx.store.db };
  // Unknown /admin paths are refused to non-admins too, so the route list does not leak.
  router.use(admin);
  route(router, '/stats', { get: statsHandler(o) });
  route(router, '/customers', { get: listCustomersHandler(o) });
  route(router, '/customers/:id', { get: customerDetailHandler(o) });
  route(router, '/presets', { get: presetsHandler() });
  return router;
}
