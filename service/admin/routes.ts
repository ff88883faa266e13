// Admin /admin/* (mounted at /admin) (stub: filled by its owner).
import { Router } from 'express';
import type { AppContext } from '../context.js';

export function adminRoutes(_ctx: AppContext): Router {
  return Router();
}
