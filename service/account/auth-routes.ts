// POST /auth/signup, /auth/login, /auth/logout (mounted at /auth) (stub: filled by its owner).
import { Router } from 'express';
import type { AppContext } from '../context.js';

export function authRoutes(_ctx: AppContext): Router {
  return Router();
}
