// The explicit, ordered list of migrations. Names are frozen once landed.
import type { DialectMigration } from './types.js';
import { accounts } from './20261127T090000Z-accounts.js';
import { memories } from './20261127T090100Z-memories.js';
import { oauth } from './20261127T090200Z-oauth.js';

export const MIGRATIONS: Record<string, DialectMigration> = {
  '20261127T090000Z-accounts': accounts,
  '20261127T090100Z-memories': memories,
  '20261127T090200Z-oauth': oauth,
};
