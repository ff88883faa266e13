// The MCP app: the remote MCP server and its protected-resource metadata.
import express from 'express';
import type { AppContext } from '../context.js';
import { errorHandler, notFoundHandler } from '../http/errors.js';
import { healthRoutes } from '../public/health.js';
import { mcpRoutes } from '../mcp/routes.js';
import { baseApp } from './base.js';

export function createMcpApp(ctx: AppContext): express.Express {
  const app = baseApp();
  app.use(healthRoutes(ctx, 'mcp'));
  app.use(mcpRoutes(ctx));
  app.use(notFoundHandler);
  app.use(errorHandler((m, e) => ctx.log(m, e)));
  return app;
}
