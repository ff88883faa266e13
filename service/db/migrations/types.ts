import type { Kysely } from 'kysely';
import type { Dialect } from '../connect.js';

/** A frozen migration; takes the dialect where SQL differs. Never imports app types. */
export interface DialectMigration {
  up(db: Kysely<any>, dialect: Dialect): Promise<void>;
}

/** Column type of a timestamp: text ISO strings on SQLite, timestamptz on PostgreSQL. */
export const ts = (dialect: Dialect) => (dialect === 'postgres' ? 'timestamptz' : 'text');
