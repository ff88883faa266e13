/**
 * PKCE (RFC 7636) for the oauth group: a fresh verifier and its S256 challenge, from node:crypto
 * (the same construction as the MCP SDK's pkce-challenge dependency, without the extra import).
 */
import { createHash, randomBytes } from 'node:crypto';
import { rememberSecret } from '../redact/secrets.js';

export interface Pkce {
  /** 43 base64url characters (32 random bytes): the minimum length RFC 7636 §4.1 allows. */
  verifier: string;
  /** BASE64URL(SHA256(verifier)), 43 characters. */
  challenge: string;
  method: 'S256';
}

export const s256 = (verifier: string): string => createHash('sha256').update(verifier).digest('base64url');

export function pkce(): Pkce {
  const verifier = randomBytes(32).toString('base64url');
  rememberSecret(verifier); // not a credential on its own, but it redeems a code: keep it out of artifacts
  return { verifier, challenge: s256(verifier), method: 'S256' };
}
