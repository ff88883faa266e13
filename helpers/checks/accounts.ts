/**
 * For the auth, portal and errors groups: fresh sessions of an account the run already has (a
 * run signs up at most two: helpers/run/second-tenant.ts), JWT reading and tampering.
 */
import { CheckFailure } from '../check.js';
import type { LedgerApi } from '../fixtures.js';
import { describeFailure, http } from '../protocol/http.js';
import { smokeEmail, smokePassword } from '../run/provision.js';
import { rememberSecret } from '../redact/secrets.js';

export { smokeEmail, smokePassword };

export interface FreshSession {
  token: string;
  /** The server-side session id (the JWT's `sid` claim). */
  sid: string;
}

/**
 * A new session of `account` (POST /auth/login over plain fetch: the password never reaches a
 * trace), ledgered (logout at teardown): what a check may log out or revoke without touching
 * the run's own session. `email` logs in by another form of the account's email.
 */
export async function freshSession(
  adminUrl: string,
  ledger: LedgerApi,
  account: { id: string | number; email: string; password: string },
  label: string,
  email: string = account.email,
): Promise<FreshSession> {
  const res = await http(`${adminUrl}/auth/login`, { json: { email, password: account.password } });
  const token = (res.json as { token?: unknown } | undefined)?.token;
  if (typeof token === 'string') {
    rememberSecret(token);
    ledger.add({ kind: 'session', id: `${label}:${account.id}`, secret: token });
  }
  if (res.status !== 200 || typeof token !== 'string')
    throw new CheckFailure(
      `POST /auth/login (${label}): expected 200 with a token, got ${describeFailure(res)}`,
    );
  const sid = jwtClaims(token).sid;
  return { token, sid: typeof sid === 'string' || typeof sid === 'number' ? String(sid) : '' };
}

/** The claims of a JWT, unverified (for `sid`, `exp`): never trusted, only read. */
export function jwtClaims(token: string): Record<string, unknown> {
  const part = token.split('.')[1];
  if (!part) return {};
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return {};
  }
}

/** The same JWT with one signature character changed (mid-signature: the last char has spare bits). */
export function tamperSignature(token: string): string {
  const [h, p, s = ''] = token.split('.');
  const i = Math.floor(s.length / 2);
  const c = s[i] === 'A' ? 'B' : 'A';
  return `${h}.${p}.${s.slice(0, i)}${c}${s.slice(i + 1)}`;
}
