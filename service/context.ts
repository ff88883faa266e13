// What every route factory receives: configuration, the store and a logger.
import type { ServiceConfig } from './config.js';
import type { Store } from './db/connect.js';
import type { CredentialDeps } from './auth/credentials.js';

export interface AppContext {
  config: ServiceConfig;
  store: Store;
  log: (msg: string, extra?: unknown) => void;
}

export const credentialDeps = (ctx: AppContext): CredentialDeps => ({
  db: ctx.store.db,
  sessionSecret: ctx.config.SESSION_SECRET,
});
