// Wire schemas for /account/byok (snake_case, validated with safeParse at the boundary).
import { z } from 'zod';
import { PROVIDERS } from './provider/requests.js';

// URL-safe, because MCP selects a config set with ?config_set=<name>.
const name = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'use 1-64 letters, digits, "_", "." or "-"');
const provider = z.enum(PROVIDERS);
const baseUrl = z.string().trim().min(1).max(2048);
// At least 12 characters so the "<first 3>…<last 4>" mask never shows most of a key.
const apiKey = z
  .string()
  .min(12, 'must be at least 12 characters')
  .max(1024)
  .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces');
const model = z.string().trim().min(1).max(200);

export const createByokSchema = z.object({
  name,
  provider,
  base_url: baseUrl.nullish(),
  api_key: apiKey,
  model,
});

export const updateByokSchema = z
  .object({ name, provider, base_url: baseUrl.nullable(), api_key: apiKey, model })
  .partial()
  .refine(
    (v) => Object.values(v).some((x) => x !== undefined),
    'send at least one of name, provider, base_url, api_key, model',
  );

const paramValue = z.union([z.string().max(1000), z.number(), z.boolean(), z.null()]);
export const overrideSchema = z
  .object({
    model: model.optional(),
    params: z
      .record(z.string().min(1).max(64), paramValue)
      .refine((p) => Object.keys(p).length <= 32, 'at most 32 params')
      .optional(),
  })
  .refine((v) => v.model !== undefined || v.params !== undefined, 'send model or params');
