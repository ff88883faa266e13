// POST /account/byok: create a config set. The key is encrypted at once and only its mask is
// ever returned. The base_url is vetted with DNS only: nothing is connected to here.
import type { RequestHandler } from 'express';
import type { AppContext } from '../../context.js';
import { principalOf } from '../../auth/require-credential.js';
import { randomId } from '../../auth/secrets.js';
import { nowIso } from '../../db/time.js';
import { conflict } from '../../http/errors.js';
import { handler } from '../../http/routes.js';
import { parseBody } from '../../http/validate.js';
import { vetBaseUrl } from '../base-url.js';
import { encryptApiKey, maskApiKey } from '../key-crypto.js';
import { createByokSchema } from '../schemas.js';
import { toWire } from '../serialize.js';
import { getByokConfigByName, insertByokConfig, isUniqueViolation } from '../store.js';

export const nameTaken = (name: string) => conflict(`A BYOK config set named "${name}" already exists.`);

export function createByokHandler(ctx: AppContext): RequestHandler {
  return handler(async function createByok(req, res) {
    const { customerId } = principalOf(res);
    const input = parseBody(createByokSchema, req.body);
    const baseUrl = input.base_url ? await vetBaseUrl(ctx, input.base_url) : null;
    if (await getByokConfigByName(ctx.store.db, customerId, input.name)) throw nameTaken(input.name);
    const id = randomId();
    const now = nowIso();
    const row = {
      id,
      customer_id: customerId,
      name: input.name,
      provider: input.provider,
      base_url: baseUrl,
      api_key_encrypted: encryptApiKey(ctx.config.SESSION_SECRET, input.api_key, id),
      api_key_masked: maskApiKey(input.api_key),
      model: input.model,
      overrides: '{}',
      byok_validated_at: null,
      created_at: now,
      updated_at: now,
    };
    try {
      await insertByokConfig(ctx.store.db, row);
    } catch (err) {
      // Two concurrent creates with one name: the unique constraint decides.
      if (isUniqueViolation(err)) throw nameTaken(input.name);
      throw err;
    }
    res.status(201).json(toWire(row));
  });
}
