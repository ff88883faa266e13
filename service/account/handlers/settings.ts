// GET /account/settings -> {settings}; PUT partial -> {settings} merged and persisted.
import type { RequestHandler } from 'express';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { principalOf } from '../../auth/require-credential.js';
import { handler } from '../../http/routes.js';
import { parseBody } from '../../http/validate.js';
import { mergeSettings, readSettings } from '../store/customers.js';
import { effectiveSettings, settingsPatchSchema } from '../settings.js';

type Options = { db: Kysely<Database> };

export function getSettingsHandler({ db }: Options): RequestHandler {
  return handler(async function getSettings(_req, res) {
    res.json({ settings: effectiveSettings(await readSettings(db, principalOf(res).customerId)) });
  });
}

export function putSettingsHandler({ db }: Options): RequestHandler {
  return handler(async function putSettings(req, res) {
    const patch = parseBody(settingsPatchSchema, req.body);
    // Only keys the client sent: an absent field keeps its stored value.
    const sent = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    const merged = await mergeSettings(db, principalOf(res).customerId, sent);
    res.json({ settings: effectiveSettings(merged) });
  });
}
