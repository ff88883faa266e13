// GET /account/byok (what the portal reads) and GET /account/byok/:id. Masked keys only.
import type { RequestHandler } from 'express';
import type { AppContext } from '../../context.js';
import { principalOf } from '../../auth/require-credential.js';
import { handler } from '../../http/routes.js';
import { toWire } from '../serialize.js';
import { listByokConfigs } from '../store.js';
import { idParam, ownConfig } from './own-config.js';

export function listByokHandler(ctx: AppContext): RequestHandler {
  return handler(async function listByok(_req, res) {
    const rows = await listByokConfigs(ctx.store.db, principalOf(res).customerId);
    res.json({ byok_configs: rows.map(toWire) });
  });
}

export function getByokHandler(ctx: AppContext): RequestHandler {
  return handler(async function getByok(req, res) {
    res.json(toWire(await ownConfig(ctx, res, idParam(req.params))));
  });
}
