// GET /pricing, GET /auth/config (stub: filled by its owner).
import { Router } from 'express';
import type { AppContext } from '../context.js';

export function publicRoutes(_ctx: AppContext): Router {
  return Router();
}
