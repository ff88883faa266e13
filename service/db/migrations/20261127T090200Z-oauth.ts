import type { DialectMigration } from './types.js';
import { ts } from './types.js';

export const oauth: DialectMigration = {
  async up(db, dialect) {
    const t = ts(dialect);
    await db.schema
      .createTable('oauth_clients')
      .addColumn('client_id', 'text', (c) => c.primaryKey())
      .addColumn('client_secret_hash', 'text')
      .addColumn('metadata', 'text', (c) => c.notNull())
      .addColumn('created_at', t, (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('oauth_codes')
      .addColumn('code_hash', 'text', (c) => c.primaryKey())
      .addColumn('client_id', 'text', (c) => c.notNull().references('oauth_clients.client_id').onDelete('cascade'))
      .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id').onDelete('cascade'))
      .addColumn('redirect_uri', 'text', (c) => c.notNull())
      .addColumn('code_challenge', 'text', (c) => c.notNull())
      .addColumn('scopes', 'text', (c) => c.notNull())
      .addColumn('resource', 'text')
      .addColumn('family_id', 'text', (c) => c.notNull())
      .addColumn('expires_at', t, (c) => c.notNull())
      .addColumn('used_at', t)
      .addColumn('created_at', t, (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('oauth_tokens')
      .addColumn('token_hash', 'text', (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('client_id', 'text', (c) => c.notNull().references('oauth_clients.client_id').onDelete('cascade'))
      .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id').onDelete('cascade'))
      .addColumn('scopes', 'text', (c) => c.notNull())
      .addColumn('resource', 'text')
      .addColumn('family_id', 'text', (c) => c.notNull())
      .addColumn('expires_at', t, (c) => c.notNull())
      .addColumn('rotated_at', t)
      .addColumn('revoked_at', t)
      .addColumn('created_at', t, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('oauth_tokens_family').on('oauth_tokens').column('family_id').execute();
    await db.schema.createIndex('oauth_tokens_customer').on('oauth_tokens').column('customer_id').execute();
  },
};
