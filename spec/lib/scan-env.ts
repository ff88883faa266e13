// A local smoke run whose secrets the test knows, so it can look for them in every artifact:
// fresh admin password, webhook secret and BYOK key, fresh ports, remote URLs cleared.
import { randomBytes } from 'node:crypto';
import { freePort } from '../../scripts/lib/throwaway-postgres.js';

export async function knownSecretsEnv(
  label: string,
  extra: NodeJS.ProcessEnv,
): Promise<{ known: Record<string, string>; env: NodeJS.ProcessEnv }> {
  const known = {
    ADMIN_PASSWORD: `${label}-admin-${randomBytes(12).toString('hex')}`,
    STRIPE_WEBHOOK_SECRET: `whsec_${label}_${randomBytes(12).toString('hex')}`,
    SMOKE_BYOK_KEY: `sk-${label}-${randomBytes(16).toString('hex')}`,
  };
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...known,
    ADMIN_EMAIL: 'admin@engram.local',
    SMOKE_ADMIN_PASSWORD: '',
    SMOKE_STRIPE_WEBHOOK_SECRET: '',
    SMOKE_ADMIN_URL: '',
    SMOKE_MCP_URL: '',
    SMOKE_ROUTER_URL: '',
    ADMIN_PORT: String(await freePort()),
    MCP_PORT: String(await freePort()),
    ROUTER_PORT: String(await freePort()),
    CI: '1',
    ...extra,
  };
  return { known, env };
}
