/**
 * A second, throwaway tenant for the isolation checks (apikeys, byok, admin, webhooks): "tenant B
 * asks for tenant A's thing and gets 404", or a webhook that may change a plan without touching the
 * run's main tenant. Signed up over plain fetch (the password never reaches a trace); its session
 * is registered in the ledger (logout at teardown). It never creates keys, configs or memories,
 * so the reaper removes it later like any finished smoke tenant.
 */
import { randomBytes } from 'node:crypto';
import { CheckFailure } from './check.js';
import type { LedgerApi } from './fixtures.js';
import { describeFailure, http } from './http.js';
import { smokeEmail } from './provision.js';
import { rememberSecret } from './secrets.js';

export interface ExtraTenant {
  id: string;
  email: string;
  token: string;
}

export async function signupExtraTenant(
  adminUrl: string,
  ledger: LedgerApi,
  label: string,
): Promise<ExtraTenant> {
  const email = smokeEmail();
  const password = `Sm0ke-${randomBytes(18).toString('base64url')}`;
  rememberSecret(password);
  const res = await http(`${adminUrl}/auth/signup`, {
    json: { email, password, name: `Engram smoke ${label}` },
  });
  const body = res.json as { token?: unknown; customer?: { id?: unknown } } | undefined;
  const token = typeof body?.token === 'string' ? body.token : '';
  if (token) rememberSecret(token);
  if (res.status !== 201 || !token || body?.customer?.id === undefined)
    throw new CheckFailure(
      `extra tenant (${label}): POST /auth/signup expected 201 with token and customer.id, got ${describeFailure(res)}`,
    );
  ledger.add({ kind: 'session', id: `extra-tenant:${label}`, secret: token });
  return { id: String(body.customer.id), email, token };
}
