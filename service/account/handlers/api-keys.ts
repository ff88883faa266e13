// POST/GET /account/api-keys, DELETE /account/api-keys/:id. The secret appears only in the
// create response; lists never carry it or its hash; revoked keys vanish from the list.
import type { RequestHandler } from 'express';
import { z } from 'zod';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { principalOf } from '../../auth/require-credential.js';
import { notFound } from '../../http/errors.js';
import { handler } from '../../http/routes.js';
import { parseBody } from '../../http/validate.js';
import { createApiKey, listLiveApiKeys, revokeApiKey } from '../store/api-keys.js';

type Options = { db: Kysely<Database> };

const createSchema = z.strictObject({ name: z.string().trim().min(1).max(100) });

export function createApiKeyHandler({ db }: Options): RequestHandler {
  return handler(async function createKey(req, res) {
    const { name } = parseBody(createSchema, req.body);
    const { row, key } = await createApiKey(db, principalOf(res).customerId, name);
    res.status(201).json({ id: row.id, name: row.name, prefix: row.prefix, key, created_at: row.created_at });
  });
}

export function listApiKeysHandler({ db }: Options): RequestHandler {
  return handler(async function listKeys(_req, res) {
    res.json({ api_keys: await listLiveApiKeys(db, principalOf(res).customerId) });
  });
}

export function revokeApiKeyHandler({ db }: Options): RequestHandler {
  return handler(async function revokeKey(req, res) {
    if (!(await revokeApiKey(db, principalOf(res).customerId, String(req.params.id))))
      throw notFound('API key');
    res.status(204).end();
  });
}
