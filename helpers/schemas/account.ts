import { z } from 'zod';
import { Timestamp } from './common.js';

const Id = z.union([z.string(), z.number()]).transform(String);

export const Profile = z.object({
  id: Id,
  email: z.email(),
  name: z.string().nullable().optional(),
  billing_plan: z.string(),
  created_at: Timestamp,
});
export const Billing = z.object({ billing_plan: z.string(), status: z.string() });
export const Settings = z.object({ settings: z.record(z.string(), z.unknown()) });
export const Sessions = z.object({
  sessions: z.array(
    z.object({ id: Id, created_at: Timestamp, last_seen_at: Timestamp.nullable(), current: z.boolean() }),
  ),
});

export const ApiKeyCreated = z.object({
  id: Id,
  name: z.string(),
  prefix: z.string().min(1),
  key: z.string().regex(/^egk_/, 'key must start with egk_'),
  created_at: Timestamp,
});
export const ApiKeyList = z.object({
  api_keys: z.array(
    z.object({
      id: Id,
      name: z.string(),
      prefix: z.string(),
      created_at: Timestamp,
      last_used_at: Timestamp.nullable(),
    }),
  ),
});

export const ByokConfig = z.object({
  id: Id,
  name: z.string(),
  provider: z.enum(['openai', 'anthropic']),
  base_url: z.string().nullable(),
  model: z.string(),
  api_key_masked: z.string(),
  overrides: z.record(z.string(), z.unknown()),
  byok_validated_at: Timestamp.nullable(),
});
export const ByokValidate = z.object({
  ok: z.boolean(),
  latency_ms: z.number(),
  byok_validated_at: Timestamp.nullable(),
});
