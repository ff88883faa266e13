// The router app: what the dashboard calls to render buckets and memory feeds.
import express from 'express';
import type { AppContext } from '../context.js';
import { errorHandler, notFoundHandler } from '../http/errors.js';
import { healthRoutes } from '../public/health.js';
import { routerRoutes } from '../router/routes.js';
import { baseApp } from './base.js';

export function createRouterApp(ctx: AppContext): express.Express {
  const app = baseApp();
  app.use(healthRoutes(ctx, 'router'));
  app.use('/router', routerRoutes(ctx));
  app.use(notFoundHandler);
  app.use(errorHandler((m, e) => ctx.log(m, e)));
  return app;
}
