/**
 * Strict shapes: every field a listing or detail may carry, and nothing else. Where
 * docs/contract.md names the full shape ("Field sets are closed"), an unknown field is a finding:
 * it is how a password hash, a key hash or a raw provider key leaves in a refactor
 * (`selectAll()`, `...row`). The lenient schemas beside these stay what the other checks parse.
 */
import { z } from 'zod';
import { ApiKeyList, ByokConfig } from './account.js';
import { Timestamp } from './common.js';

const Id = z.union([z.string(), z.number()]).transform(String);
const Count = z.number().int().min(0);

export const ProfileStrict = z.strictObject({
  id: Id,
  email: z.email(),
  name: z.string().nullable(),
  billing_plan: z.string(),
  created_at: Timestamp,
  role: z.enum(['customer', 'admin']),
  authenticated_via: z.enum(['session', 'api_key', 'oauth']),
});

export const BillingStrict = z.strictObject({
  billing_plan: z.string(),
  status: z.string(),
  plan: z
    .strictObject({
      id: z.string(),
      name: z.string(),
      price_monthly_usd: z.number(),
      limits: z.record(z.string(), z.number()),
    })
    .nullable(),
  has_payment_customer: z.boolean(),
});

export const UsageStrict = z.strictObject({
  memories: Count,
  buckets: Count,
  queries_24h: Count,
  api_keys: Count,
  byok_configs: Count,
  sessions: Count,
  limits: z.record(z.string(), z.number()).nullable(),
});

export const SessionsStrict = z.strictObject({
  sessions: z.array(
    z.strictObject({
      id: Id,
      created_at: Timestamp,
      last_seen_at: Timestamp.nullable(),
      expires_at: Timestamp,
      current: z.boolean(),
    }),
  ),
});

// The same fields as the lenient shapes, closed.
export const ApiKeyListStrict = z.strictObject({
  api_keys: z.array(z.strictObject(ApiKeyList.shape.api_keys.element.shape)),
});

export const ByokConfigStrict = z.strictObject({
  ...ByokConfig.shape,
  created_at: Timestamp,
  updated_at: Timestamp,
});

export const ByokListStrict = z.strictObject({ byok_configs: z.array(ByokConfigStrict) });

export const OAuthGrantsStrict = z.strictObject({
  oauth_grants: z.array(
    z.strictObject({ client_id: z.string().min(1), live_tokens: z.number().int().min(1) }),
  ),
});

export const AdminCustomersStrict = z.strictObject({
  customers: z.array(
    z.strictObject({ id: Id, email: z.string(), billing_plan: z.string(), created_at: Timestamp }),
  ),
  total: Count,
  next_cursor: z.string().nullable(),
});

export const AdminCustomerStrict = z.strictObject({
  id: Id,
  email: z.string(),
  name: z.string().nullable(),
  billing_plan: z.string(),
  billing_status: z.string(),
  created_at: Timestamp,
  byok_validated_at: Timestamp.nullable(),
  byok_config_count: Count,
  api_key_count: Count,
  memory_count: Count,
  bucket_count: Count,
});

/** Field names that never belong in a response body, whatever object they sit in. */
export const FORBIDDEN_FIELD =
  /(?:^|_)(?:hash|password|secret|salt|encrypted|ciphertext)(?:_|$)|^(?:key|api_key|refresh_token|token_hash|key_hash)$/i;

/** Every object key in a JSON value, with its path, that FORBIDDEN_FIELD matches. */
export function forbiddenFields(value: unknown, path = '', depth = 0): string[] {
  if (depth > 8 || value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => {
    const here = path ? `${path}.${k}` : k;
    return [...(FORBIDDEN_FIELD.test(k) ? [here] : []), ...forbiddenFields(v, here, depth + 1)];
  });
}
