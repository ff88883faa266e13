// Loads a config set of the calling customer; another tenant's id is the same 404 as an unknown one.
import type { Response } from 'express';
import type { AppContext } from '../../context.js';
import type { ByokConfig } from '../../db/schema.js';
import { principalOf } from '../../auth/require-credential.js';
import { notFound } from '../../http/errors.js';
import { getByokConfig } from '../store.js';

export async function ownConfig(ctx: AppContext, res: Response, id: string): Promise<ByokConfig> {
  const row = await getByokConfig(ctx.store.db, principalOf(res).customerId, id);
  if (!row) throw notFound('BYOK config set');
  return row;
}

export const idParam = (params: Record<string, string | string[] | undefined>): string =>
  String(params.id ?? '');
