/** The smoke's own zod schemas of the contract (docs/contract.md); never imported from service/. */
export * from './common.js';
export * from './health.js';
export * from './auth.js';
export * from './account.js';
export * from './router.js';
export * from './mcp.js';
export * from './admin.js';
export * from './oauth.js';
export * from './public.js';
export * from './discovery.js';
export * from './portal.js';
export * from './byok.js';
