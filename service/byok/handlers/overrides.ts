// PUT/DELETE /account/byok/:id/overrides/:component: per-component model/params that round-trip.
// Both answer with the whole config set. (Read-modify-write of one JSON column: concurrent edits of
// one config set are last-writer-wins, which is fine for a settings form.)
import type { RequestHandler } from 'express';
import type { AppContext } from '../../context.js';
import { principalOf } from '../../auth/require-credential.js';
import { nowIso } from '../../db/time.js';
import { badRequest, notFound } from '../../http/errors.js';
import { handler } from '../../http/routes.js';
import { parseBody } from '../../http/validate.js';
import { overrideSchema } from '../schemas.js';
import { COMPONENTS, parseOverrides, toWire, type Component, type Overrides } from '../serialize.js';
import { updateByokConfig } from '../store.js';
import { idParam, ownConfig } from './own-config.js';

function componentParam(params: Record<string, string | string[] | undefined>): Component {
  const c = String(params.component ?? '');
  if (!(COMPONENTS as readonly string[]).includes(c))
    throw badRequest(`component: must be one of ${COMPONENTS.join(', ')}`);
  return c as Component;
}

async function saveOverrides(ctx: AppContext, customerId: string, id: string, overrides: Overrides) {
  const row = await updateByokConfig(ctx.store.db, customerId, id, {
    overrides: JSON.stringify(overrides),
    updated_at: nowIso(),
  });
  if (!row) throw notFound('BYOK config set');
  return row;
}

export function putOverrideHandler(ctx: AppContext): RequestHandler {
  return handler(async function putOverride(req, res) {
    const component = componentParam(req.params);
    const current = await ownConfig(ctx, res, idParam(req.params));
    const input = parseBody(overrideSchema, req.body);
    const overrides = parseOverrides(current.overrides);
    overrides[component] = {
      ...(input.model !== undefined ? { model: input.model } : {}),
      ...(input.params !== undefined ? { params: input.params } : {}),
    };
    res.json(toWire(await saveOverrides(ctx, principalOf(res).customerId, current.id, overrides)));
  });
}

/** Idempotent: removing an override that is not set still answers with the config set. */
export function deleteOverrideHandler(ctx: AppContext): RequestHandler {
  return handler(async function deleteOverride(req, res) {
    const component = componentParam(req.params);
    const current = await ownConfig(ctx, res, idParam(req.params));
    const overrides = parseOverrides(current.overrides);
    if (!(component in overrides)) return res.json(toWire(current));
    delete overrides[component];
    res.json(toWire(await saveOverrides(ctx, principalOf(res).customerId, current.id, overrides)));
  });
}
