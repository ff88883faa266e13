import { sql } from 'kysely';
import type { DialectMigration } from './types.js';
import { ts } from './types.js';

export const memories: DialectMigration = {
  async up(db, dialect) {
    const t = ts(dialect);
    await db.schema
      .createTable('buckets')
      .addColumn('id', dialect === 'postgres' ? 'serial' : 'integer', (c) =>
        dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
      )
      .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id').onDelete('cascade'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('created_at', t, (c) => c.notNull())
      .addUniqueConstraint('buckets_customer_name', ['customer_id', 'name'])
      .execute();
    await db.schema
      .createTable('memories')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id').onDelete('cascade'))
      .addColumn('bucket_id', 'integer', (c) => c.notNull().references('buckets.id').onDelete('cascade'))
      .addColumn('content', 'text', (c) => c.notNull())
      .addColumn('content_hash', 'text', (c) => c.notNull())
      .addColumn('created_at', t, (c) => c.notNull())
      // Dedup is enforced here, so two identical stores racing still yield one row.
      .addUniqueConstraint('memories_customer_hash', ['customer_id', 'content_hash'])
      .execute();
    await db.schema.createIndex('memories_bucket').on('memories').columns(['bucket_id', 'created_at']).execute();
    await db.schema
      .createTable('query_log')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id').onDelete('cascade'))
      .addColumn('question', 'text', (c) => c.notNull())
      .addColumn('config_set', 'text')
      .addColumn('result_count', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', t, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('query_log_created').on('query_log').column('created_at').execute();

    // Full-text search: the one dialect-specific piece of the memory schema.
    if (dialect === 'postgres') {
      await sql`ALTER TABLE memories ADD COLUMN search tsvector
        GENERATED ALWAYS AS (to_tsvector('simple', content)) STORED`.execute(db);
      await sql`CREATE INDEX memories_search ON memories USING GIN (search)`.execute(db);
    } else {
      await sql`CREATE VIRTUAL TABLE memories_fts USING fts5(
        content, memory_id UNINDEXED, customer_id UNINDEXED, tokenize = 'unicode61')`.execute(db);
      await sql`CREATE TRIGGER memories_fts_insert AFTER INSERT ON memories BEGIN
        INSERT INTO memories_fts (content, memory_id, customer_id) VALUES (new.content, new.id, new.customer_id);
      END`.execute(db);
      await sql`CREATE TRIGGER memories_fts_delete AFTER DELETE ON memories BEGIN
        DELETE FROM memories_fts WHERE memory_id = old.id;
      END`.execute(db);
    }
  },
};
