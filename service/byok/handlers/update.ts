// PUT /account/byok/:id: partial update. A new base_url is vetted like at create (no socket).
// Changing what validation vouched for (provider, base_url, key, model) clears byok_validated_at.
import type { RequestHandler } from 'express';
import type { AppContext } from '../../context.js';
import { principalOf } from '../../auth/require-credential.js';
import { nowIso } from '../../db/time.js';
import { notFound } from '../../http/errors.js';
import { handler } from '../../http/routes.js';
import { parseBody } from '../../http/validate.js';
import { vetBaseUrl } from '../base-url.js';
import { decryptApiKey, encryptApiKey, maskApiKey } from '../key-crypto.js';
import { updateByokSchema } from '../schemas.js';
import { toWire } from '../serialize.js';
import { getByokConfigByName, isUniqueViolation, updateByokConfig, type ByokPatch } from '../store.js';
import { nameTaken } from './create.js';
import { idParam, ownConfig } from './own-config.js';

export function updateByokHandler(ctx: AppContext): RequestHandler {
  return handler(async function updateByok(req, res) {
    const { customerId } = principalOf(res);
    const current = await ownConfig(ctx, res, idParam(req.params));
    const input = parseBody(updateByokSchema, req.body);
    const patch: ByokPatch = {};
    let endpointChanged = false;

    if (input.name !== undefined && input.name !== current.name) {
      const other = await getByokConfigByName(ctx.store.db, customerId, input.name);
      if (other) throw nameTaken(input.name);
      patch.name = input.name;
    }
    if (input.provider !== undefined && input.provider !== current.provider) {
      patch.provider = input.provider;
      endpointChanged = true;
    }
    if (input.base_url !== undefined) {
      const next = input.base_url === null ? null : await vetBaseUrl(ctx, input.base_url);
      if (next !== current.base_url) {
        patch.base_url = next;
        endpointChanged = true;
      }
    }
    if (input.model !== undefined && input.model !== current.model) {
      patch.model = input.model;
      endpointChanged = true;
    }
    if (
      input.api_key !== undefined &&
      input.api_key !== decryptApiKey(ctx.config.SESSION_SECRET, current.api_key_encrypted, current.id)
    ) {
      patch.api_key_encrypted = encryptApiKey(ctx.config.SESSION_SECRET, input.api_key, current.id);
      patch.api_key_masked = maskApiKey(input.api_key);
      endpointChanged = true;
    }
    if (endpointChanged) patch.byok_validated_at = null;
    if (!Object.keys(patch).length) return res.json(toWire(current));
    patch.updated_at = nowIso();

    let row;
    try {
      row = await updateByokConfig(ctx.store.db, customerId, current.id, patch);
    } catch (err) {
      if (isUniqueViolation(err)) throw nameTaken(patch.name ?? current.name);
      throw err;
    }
    if (!row) throw notFound('BYOK config set'); // deleted concurrently
    res.json(toWire(row));
  });
}
