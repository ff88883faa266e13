// API keys: the secret is shown once at creation; only its sha256 is stored.
import type { Kysely } from 'kysely';
import type { ApiKey, Database } from '../../db/schema.js';
import { API_KEY_PREFIX } from '../../auth/credentials.js';
import { randomId, randomToken, sha256 } from '../../auth/secrets.js';
import { nowIso } from '../../db/time.js';

/** 30 random bytes -> 40 base64url characters after `egk_` (docs/contract.md). */
const KEY_BYTES = 30;
/** What the list shows to tell keys apart: `egk_` and the first 8 secret characters. */
export const KEY_PREFIX_LENGTH = 12;

export async function createApiKey(
  db: Kysely<Database>,
  customerId: string,
  name: string,
): Promise<{ row: ApiKey; key: string }> {
  const key = randomToken(API_KEY_PREFIX, KEY_BYTES);
  const row: ApiKey = {
    id: randomId(),
    customer_id: customerId,
    name,
    prefix: key.slice(0, KEY_PREFIX_LENGTH),
    key_hash: sha256(key),
    created_at: nowIso(),
    last_used_at: null,
    revoked_at: null,
  };
  await db.insertInto('api_keys').values(row).execute();
  return { row, key };
}

/** Live (unrevoked) keys of one customer, newest first. Never selects the hash. */
export async function listLiveApiKeys(
  db: Kysely<Database>,
  customerId: string,
): Promise<Pick<ApiKey, 'id' | 'name' | 'prefix' | 'created_at' | 'last_used_at'>[]> {
  return db
    .selectFrom('api_keys')
    .select(['id', 'name', 'prefix', 'created_at', 'last_used_at'])
    .where('customer_id', '=', customerId)
    .where('revoked_at', 'is', null)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

/** Revokes one live key of this customer; false for unknown, foreign or already revoked keys. */
export async function revokeApiKey(
  db: Kysely<Database>,
  customerId: string,
  keyId: string,
): Promise<boolean> {
  const res = await db
    .updateTable('api_keys')
    .set({ revoked_at: nowIso() })
    .where('id', '=', keyId)
    .where('customer_id', '=', customerId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}
