// Router /router/buckets* (mounted at /router) (stub: filled by its owner).
import { Router } from 'express';
import type { AppContext } from '../context.js';

export function routerRoutes(_ctx: AppContext): Router {
  return Router();
}
