// SQLite transactions that take the write lock at BEGIN.
//
// Kysely's SQLite driver opens transactions with a plain (deferred) BEGIN. Every transaction in
// the service writes, most after a read, and four processes share the file: if another process
// commits between our read and our first write, SQLite refuses the upgrade with SQLITE_BUSY at
// once; busy_timeout does not apply. A smoke run hit it as a 500 on PUT /account/settings.
// BEGIN IMMEDIATE waits (busy_timeout) for the lock instead, then reads a current snapshot.
import type { DatabaseConnection, Driver } from 'kysely';
import { CompiledQuery, SqliteDialect, SqliteDriver, type SqliteDialectConfig } from 'kysely';

class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

export class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;

  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }
}
