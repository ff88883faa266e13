// The router app (mounted at /router): what the dashboard calls. Session or API key. Buckets are
// addressed by numeric id; another tenant's bucket and an unknown one are the same 404.
import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { credentialDeps } from '../context.js';
import { notFound } from '../http/errors.js';
import { handler, route } from '../http/routes.js';
import { parseBody } from '../http/validate.js';
import { principalOf, requireCredential } from '../auth/require-credential.js';
import { findBucketById, listBuckets, listMemories } from '../memories/index.js';

const page = z.object({
  limit: z.coerce.number().int().min(1).max(1000).optional(),
  offset: z.coerce.number().int().min(0).optional(),
});

export function routerRoutes(ctx: AppContext): Router {
  const router = Router();
  const auth = requireCredential({ ...credentialDeps(ctx), accept: ['session', 'api_key'] });

  route(router, '/buckets', {
    get: [
      auth,
      handler(async (_req, res) => {
        res.json({ buckets: await listBuckets(ctx.store, principalOf(res).customerId) });
      }),
    ],
  });

  route(router, '/buckets/:id/memories', {
    get: [
      auth,
      handler(async (req, res) => {
        const customerId = principalOf(res).customerId;
        const raw = String(req.params.id);
        // Only a plain positive integer can name a bucket; anything else names nothing.
        const bucket = /^[1-9]\d{0,15}$/.test(raw) ? await findBucketById(ctx.store, customerId, Number(raw)) : undefined;
        if (!bucket) throw notFound('Bucket');
        const { limit, offset } = parseBody(page, req.query);
        const result = await listMemories(ctx.store, customerId, bucket, { limit, offset });
        res.json({ bucket: { id: bucket.id, name: bucket.name }, ...result });
      }),
    ],
  });
  return router;
}
