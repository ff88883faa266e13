// POST /webhooks/stripe (mounted at /webhooks, before any JSON parser: the signature covers the
// raw bytes, so this route alone reads the body with express.raw).
import express, { Router } from 'express';
import type { AppContext } from '../context.js';
import { route } from '../http/routes.js';
import { stripeWebhookHandler } from './stripe-handler.js';

export const MAX_WEBHOOK_BYTES = 512 * 1024;

export function webhookRoutes(ctx: AppContext): Router {
  const router = Router();
  route(router, '/stripe', {
    post: [
      express.raw({ type: () => true, limit: MAX_WEBHOOK_BYTES }),
      stripeWebhookHandler({ db: ctx.store.db, secret: ctx.config.STRIPE_WEBHOOK_SECRET }),
    ],
  });
  return router;
}
