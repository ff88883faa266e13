/** The smoke's 13 groups (one Playwright project each), in report order: the config, the fault matrix. */
export const GROUPS = [
  'health',
  'public',
  'discovery',
  'auth',
  'apikeys',
  'byok',
  'portal',
  'router',
  'oauth',
  'mcp',
  'admin',
  'webhooks',
  'errors',
] as const;

export type Group = (typeof GROUPS)[number];
