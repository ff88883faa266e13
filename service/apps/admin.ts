// The admin app: public, auth, portal, BYOK, admin, webhooks and the OAuth authorization server.
import express from 'express';
import type { AppContext } from '../context.js';
import { errorHandler, notFoundHandler } from '../http/errors.js';
import { healthRoutes } from '../public/health.js';
import { publicRoutes } from '../public/routes.js';
import { authRoutes } from '../account/auth-routes.js';
import { accountRoutes } from '../account/routes.js';
import { byokRoutes } from '../byok/routes.js';
import { adminRoutes } from '../admin/routes.js';
import { webhookRoutes } from '../webhooks/routes.js';
import { oauthRoutes } from '../oauth/routes.js';
import { baseApp } from './base.js';

export function createAdminApp(ctx: AppContext): express.Express {
  const app = baseApp();
  app.use(healthRoutes(ctx, 'admin'));
  // Webhooks first: signature checks need the raw body, before any JSON parser sees it.
  app.use('/webhooks', webhookRoutes(ctx));
  app.use(oauthRoutes(ctx));
  app.use(publicRoutes(ctx));
  app.use('/auth', authRoutes(ctx));
  app.use('/account/byok', byokRoutes(ctx));
  app.use('/account', accountRoutes(ctx));
  app.use('/admin', adminRoutes(ctx));
  app.use(notFoundHandler);
  app.use(errorHandler((m, e) => ctx.log(m, e)));
  return app;
}
