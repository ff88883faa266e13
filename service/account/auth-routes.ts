// POST /auth/signup, /auth/login, /auth/logout (mounted at /auth).
import { Router } from 'express';
import type { AppContext } from '../context.js';
import { credentialDeps } from '../context.js';
import { requireCredential } from '../auth/require-credential.js';
import { jsonBody } from '../http/body.js';
import { route } from '../http/routes.js';
import { signupHandler } from './handlers/signup.js';
import { loginHandler } from './handlers/login.js';
import { logoutHandler } from './handlers/logout.js';

export function authRoutes(ctx: AppContext): Router {
  const router = Router();
  const deps = { db: ctx.store.db, sessionSecret: ctx.config.SESSION_SECRET };
  route(router, '/signup', { post: [...jsonBody(), signupHandler(deps)] });
  route(router, '/login', { post: [...jsonBody(), loginHandler(deps)] });
  // Logout ends a session; an API key is revoked at /account/api-keys/:id instead.
  route(router, '/logout', {
    post: [
      requireCredential({ ...credentialDeps(ctx), accept: ['session'] }),
      logoutHandler({ db: ctx.store.db }),
    ],
  });
  return router;
}
