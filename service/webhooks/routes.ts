// POST /webhooks/stripe (mounted at /webhooks) (stub: filled by its owner).
import { Router } from 'express';
import type { AppContext } from '../context.js';

export function webhookRoutes(_ctx: AppContext): Router {
  return Router();
}
