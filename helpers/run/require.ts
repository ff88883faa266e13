/**
 * Credentials a check may need that a deployment may not give us. Missing -> a clear skip
 * ("skipped: no admin password"), never a red. Given but broken -> a red naming why.
 */
import { test } from '@playwright/test';
import { smokeEnv } from './env.js';
import type { RunState } from './run-state.js';

export function requireAdmin(state: RunState): { email: string; token: string } {
  if (state.admin) return state.admin;
  const reason = state.admin_skip_reason ?? 'skipped: no admin password';
  test.skip(reason.startsWith('skipped:'), reason);
  throw new Error(reason); // credentials were given but admin login failed
}

export function requireByokKey(): string {
  const key = smokeEnv().byokKey;
  test.skip(!key, 'skipped: no BYOK key (SMOKE_BYOK_KEY)');
  return key!;
}

export function requireWebhookSecret(state: RunState): string {
  test.skip(!state.webhook_secret, 'skipped: no webhook secret (SMOKE_STRIPE_WEBHOOK_SECRET)');
  return state.webhook_secret!;
}
