// Signed values the browser carries between steps: the preserved authorization request and the
// sign-in cookie. HS256 JWTs under keys derived from SESSION_SECRET, one key and audience per use,
// so a value of one kind never verifies as another (nor as a session JWT).
import crypto from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';
import { REQUEST_TTL_S } from './policy.js';

const ISSUER = 'engram-oauth';

const derive = (secret: string, label: string): Uint8Array =>
  new Uint8Array(crypto.createHmac('sha256', secret).update(`engram-oauth:${label}`).digest());

/** The authorization request as /authorize validated it, preserved across sign-in and consent. */
export interface PendingAuthorization {
  clientId: string;
  redirectUri: string;
  state?: string;
  codeChallenge: string;
  scopes: string[];
  resource: string;
}

export interface Signer {
  signRequest(p: PendingAuthorization): Promise<string>;
  verifyRequest(blob: unknown): Promise<PendingAuthorization | null>;
  signSignin(sessionId: string, customerId: string, expiresAt: Date): Promise<string>;
  verifySignin(value: unknown): Promise<{ sessionId: string; customerId: string } | null>;
  /** A CSRF token bound to one sign-in session (HMAC, so nothing to store). */
  csrfFor(sessionId: string): string;
}

export function createSigner(secret: string): Signer {
  if (!secret || secret.length < 32) throw new Error('createSigner: secret must be at least 32 characters');
  const requestKey = derive(secret, 'request');
  const signinKey = derive(secret, 'signin');
  const csrfKey = derive(secret, 'csrf');

  return {
    async signRequest(p) {
      return new SignJWT({
        cid: p.clientId, ru: p.redirectUri, st: p.state, cc: p.codeChallenge, sc: p.scopes.join(' '), rs: p.resource,
      })
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuer(ISSUER)
        .setAudience('authorization-request')
        .setIssuedAt()
        .setExpirationTime(`${REQUEST_TTL_S}s`)
        .sign(requestKey);
    },
    async verifyRequest(blob) {
      if (typeof blob !== 'string' || !blob || blob.length > 8192) return null;
      try {
        const { payload: c } = await jwtVerify(blob, requestKey, {
          issuer: ISSUER, audience: 'authorization-request', algorithms: ['HS256'],
        });
        const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
        const clientId = str(c.cid), redirectUri = str(c.ru), codeChallenge = str(c.cc), resource = str(c.rs);
        if (!clientId || !redirectUri || !codeChallenge || !resource) return null;
        return {
          clientId, redirectUri, codeChallenge, resource,
          state: str(c.st),
          scopes: (str(c.sc) ?? '').split(' ').filter(Boolean),
        };
      } catch {
        return null;
      }
    },
    async signSignin(sessionId, customerId, expiresAt) {
      return new SignJWT({ sid: sessionId })
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuer(ISSUER)
        .setAudience('signin')
        .setSubject(customerId)
        .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
        .sign(signinKey);
    },
    async verifySignin(value) {
      if (typeof value !== 'string' || !value || value.length > 4096) return null;
      try {
        const { payload } = await jwtVerify(value, signinKey, { issuer: ISSUER, audience: 'signin', algorithms: ['HS256'] });
        if (typeof payload.sid !== 'string' || typeof payload.sub !== 'string') return null;
        return { sessionId: payload.sid, customerId: payload.sub };
      } catch {
        return null;
      }
    },
    csrfFor(sessionId) {
      return crypto.createHmac('sha256', csrfKey).update(sessionId).digest('base64url');
    },
  };
}
