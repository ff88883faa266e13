// BYOK config rows: plain async functions over the Kysely handle, scoped to one customer.
// Every read and write names customer_id, so another tenant's id behaves exactly like an unknown one.
import type { Kysely } from 'kysely';
import type { ByokConfig, ByokConfigsTable, Database } from '../db/schema.js';

type Db = Kysely<Database>;
export type ByokPatch = Partial<
  Pick<
    ByokConfigsTable,
    | 'name'
    | 'provider'
    | 'base_url'
    | 'api_key_encrypted'
    | 'api_key_masked'
    | 'model'
    | 'overrides'
    | 'byok_validated_at'
    | 'updated_at'
  >
>;

export async function insertByokConfig(db: Db, row: ByokConfig): Promise<void> {
  await db.insertInto('byok_configs').values(row).execute();
}

export function listByokConfigs(db: Db, customerId: string): Promise<ByokConfig[]> {
  return db
    .selectFrom('byok_configs')
    .selectAll()
    .where('customer_id', '=', customerId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export function getByokConfig(db: Db, customerId: string, id: string): Promise<ByokConfig | undefined> {
  return db
    .selectFrom('byok_configs')
    .selectAll()
    .where('customer_id', '=', customerId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** By name: what MCP `?config_set=<name>` uses. */
export function getByokConfigByName(
  db: Db,
  customerId: string,
  name: string,
): Promise<ByokConfig | undefined> {
  return db
    .selectFrom('byok_configs')
    .selectAll()
    .where('customer_id', '=', customerId)
    .where('name', '=', name)
    .executeTakeFirst();
}

export async function updateByokConfig(
  db: Db,
  customerId: string,
  id: string,
  patch: ByokPatch,
): Promise<ByokConfig | undefined> {
  await db
    .updateTable('byok_configs')
    .set(patch)
    .where('customer_id', '=', customerId)
    .where('id', '=', id)
    .execute();
  return getByokConfig(db, customerId, id);
}

/**
 * Records a successful validation, but only if the config set is unchanged since it was read
 * (a concurrent PUT may have changed the endpoint or key that was just validated).
 */
export async function markByokValidated(
  db: Db,
  customerId: string,
  id: string,
  readUpdatedAt: string,
  validatedAt: string,
): Promise<ByokConfig | undefined> {
  const r = await db
    .updateTable('byok_configs')
    .set({ byok_validated_at: validatedAt })
    .where('customer_id', '=', customerId)
    .where('id', '=', id)
    .where('updated_at', '=', readUpdatedAt)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0 ? getByokConfig(db, customerId, id) : undefined;
}

/** True when a row was deleted. */
export async function deleteByokConfig(db: Db, customerId: string, id: string): Promise<boolean> {
  const r = await db
    .deleteFrom('byok_configs')
    .where('customer_id', '=', customerId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** SQLite and PostgreSQL spell a unique violation differently; both mean "name taken". */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string };
  return (
    e?.code === '23505' ||
    e?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  );
}
