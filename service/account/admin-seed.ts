// The admin account comes from the environment; created, or its password and role reset, on start.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { hashPassword } from '../auth/passwords.js';
import { randomId } from '../auth/secrets.js';
import { nowIso } from '../db/time.js';

export async function seedAdmin(db: Kysely<Database>, email: string, password: string): Promise<void> {
  const password_hash = await hashPassword(password);
  const existing = await db.selectFrom('customers').select('id').where('email', '=', email.toLowerCase()).executeTakeFirst();
  if (existing) {
    await db.updateTable('customers').set({ password_hash, role: 'admin' }).where('id', '=', existing.id).execute();
    return;
  }
  await db
    .insertInto('customers')
    .values({
      id: randomId(), email: email.toLowerCase(), name: 'Engram admin', password_hash, role: 'admin',
      billing_plan: 'internal', billing_status: 'active', settings: '{}', stripe_customer_id: null, created_at: nowIso(),
    })
    .execute();
}
