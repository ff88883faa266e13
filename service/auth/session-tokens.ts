// Session JWTs (HS256): role claim + server-side session id, so logout really revokes.
import { SignJWT, jwtVerify } from 'jose';
import type { Role } from '../db/schema.js';

export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
const ISSUER = 'engram';
const AUDIENCE = 'engram-session';

export interface SessionClaims {
  customerId: string;
  role: Role;
  sessionId: string;
}

const key = (secret: string) => new TextEncoder().encode(secret);

export async function signSession(secret: string, claims: SessionClaims, expiresAt: Date): Promise<string> {
  return new SignJWT({ role: claims.role, sid: claims.sessionId })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.customerId)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(key(secret));
}

/** The claims, or null for anything that is not a valid, unexpired session JWT of ours. */
export async function verifySession(secret: string, token: string): Promise<SessionClaims | null> {
  try {
    const { payload } = await jwtVerify(token, key(secret), { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'] });
    const role = payload.role;
    if (typeof payload.sub !== 'string' || typeof payload.sid !== 'string') return null;
    if (role !== 'customer' && role !== 'admin') return null;
    return { customerId: payload.sub, role, sessionId: payload.sid };
  } catch {
    return null;
  }
}
