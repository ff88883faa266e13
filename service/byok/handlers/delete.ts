// DELETE /account/byok/:id -> 204; another tenant's or an unknown id -> 404.
import type { RequestHandler } from 'express';
import type { AppContext } from '../../context.js';
import { principalOf } from '../../auth/require-credential.js';
import { notFound } from '../../http/errors.js';
import { handler } from '../../http/routes.js';
import { deleteByokConfig } from '../store.js';
import { idParam } from './own-config.js';

export function deleteByokHandler(ctx: AppContext): RequestHandler {
  return handler(async function deleteByok(req, res) {
    const deleted = await deleteByokConfig(ctx.store.db, principalOf(res).customerId, idParam(req.params));
    if (!deleted) throw notFound('BYOK config set');
    res.status(204).end();
  });
}
