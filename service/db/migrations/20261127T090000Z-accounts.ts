import type { DialectMigration } from './types.js';
import { ts } from './types.js';

export const accounts: DialectMigration = {
  async up(db, dialect) {
    const t = ts(dialect);
    await db.schema
      .createTable('customers')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('email', 'text', (c) => c.notNull().unique())
      .addColumn('name', 'text')
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull().defaultTo('customer'))
      .addColumn('billing_plan', 'text', (c) => c.notNull().defaultTo('free'))
      .addColumn('billing_status', 'text', (c) => c.notNull().defaultTo('active'))
      .addColumn('settings', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('stripe_customer_id', 'text')
      .addColumn('created_at', t, (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('sessions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id').onDelete('cascade'))
      .addColumn('created_at', t, (c) => c.notNull())
      .addColumn('last_seen_at', t, (c) => c.notNull())
      .addColumn('expires_at', t, (c) => c.notNull())
      .addColumn('revoked_at', t)
      .execute();
    await db.schema.createIndex('sessions_customer').on('sessions').column('customer_id').execute();
    await db.schema
      .createTable('api_keys')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id').onDelete('cascade'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('prefix', 'text', (c) => c.notNull())
      .addColumn('key_hash', 'text', (c) => c.notNull().unique())
      .addColumn('created_at', t, (c) => c.notNull())
      .addColumn('last_used_at', t)
      .addColumn('revoked_at', t)
      .execute();
    await db.schema.createIndex('api_keys_customer').on('api_keys').column('customer_id').execute();
    await db.schema
      .createTable('byok_configs')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id').onDelete('cascade'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('provider', 'text', (c) => c.notNull())
      .addColumn('base_url', 'text')
      .addColumn('api_key_encrypted', 'text', (c) => c.notNull())
      .addColumn('api_key_masked', 'text', (c) => c.notNull())
      .addColumn('model', 'text', (c) => c.notNull())
      .addColumn('overrides', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('byok_validated_at', t)
      .addColumn('created_at', t, (c) => c.notNull())
      .addColumn('updated_at', t, (c) => c.notNull())
      .addUniqueConstraint('byok_configs_customer_name', ['customer_id', 'name'])
      .execute();
    await db.schema
      .createTable('webhook_events')
      .addColumn('event_id', 'text', (c) => c.primaryKey())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('customer_id', 'text')
      .addColumn('received_at', t, (c) => c.notNull())
      .execute();
  },
};
