/**
 * A fresh login of the run's tenant over plain fetch (the password never enters a trace): an
 * extra session without a new sign-up. The session is ledgered (logout at teardown).
 */
import { CheckFailure } from '../check.js';
import { describeFailure, http } from '../protocol/http.js';
import type { LedgerLike } from '../protocol/oauth-flow.js';
import { rememberSecret } from '../redact/secrets.js';

export interface FreshSession {
  token: string;
  /** The server-side session id (the JWT's `sid` claim). */
  sid: string;
}

const sidOf = (jwt: string): string => {
  try {
    const claims = JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
      sid?: unknown;
    };
    return typeof claims.sid === 'string' || typeof claims.sid === 'number' ? String(claims.sid) : '';
  } catch {
    return '';
  }
};

/** POST /auth/login as `email` (default: the tenant's own, as signed up) with the tenant's password. */
export async function loginTenant(
  adminUrl: string,
  ledger: LedgerLike,
  tenant: { email: string; password: string },
  label: string,
  email: string = tenant.email,
): Promise<FreshSession & { status: number }> {
  const res = await http(`${adminUrl}/auth/login`, { json: { email, password: tenant.password } });
  const token = (res.json as { token?: unknown } | undefined)?.token;
  if (typeof token === 'string') {
    rememberSecret(token);
    ledger.add({ kind: 'session', id: label, secret: token });
  }
  if (res.status !== 200 || typeof token !== 'string')
    throw new CheckFailure(
      `POST /auth/login (${label}): expected 200 with a token, got ${describeFailure(res)}`,
    );
  return { token, sid: sidOf(token), status: res.status };
}
