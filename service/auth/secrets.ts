// Random credentials and their stored form. Only hashes of bearer secrets are stored.
import crypto from 'node:crypto';

export const randomId = (): string => crypto.randomUUID();
export const randomToken = (prefix: string, bytes = 32): string => prefix + crypto.randomBytes(bytes).toString('base64url');
export const sha256 = (value: string): string => crypto.createHash('sha256').update(value).digest('hex');

/** Constant-time string equality (lengths leak, contents do not). */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}
