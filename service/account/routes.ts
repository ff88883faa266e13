// The customer portal /account/* (mounted at /account) (stub: filled by its owner).
import { Router } from 'express';
import type { AppContext } from '../context.js';

export function accountRoutes(_ctx: AppContext): Router {
  return Router();
}
