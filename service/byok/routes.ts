// BYOK config sets (mounted at /account/byok) (stub: filled by its owner).
import { Router } from 'express';
import type { AppContext } from '../context.js';

export function byokRoutes(_ctx: AppContext): Router {
  return Router();
}
