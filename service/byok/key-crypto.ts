// Provider keys at rest: AES-256-GCM under a key derived from SESSION_SECRET with HKDF-SHA256.
// The config id is the additional authenticated data, so a ciphertext copied onto another row
// does not decrypt. Stored form: "v1.<iv>.<tag>.<ciphertext>" (base64url).
import crypto from 'node:crypto';

const VERSION = 'v1';
const derived = new Map<string, Buffer>();

function keyFor(secret: string): Buffer {
  let key = derived.get(secret);
  if (!key) {
    key = Buffer.from(crypto.hkdfSync('sha256', secret, 'engram-byok-salt', 'engram byok api key v1', 32));
    derived.set(secret, key);
  }
  return key;
}

export function encryptApiKey(secret: string, plaintext: string, configId: string): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', keyFor(secret), iv);
  cipher.setAAD(Buffer.from(configId));
  const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [VERSION, iv, cipher.getAuthTag(), ct]
    .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
    .join('.');
}

/** The plaintext key, or null when it cannot be decrypted (wrong secret, tampered, other row). */
export function decryptApiKey(secret: string, stored: string, configId: string): string | null {
  const [version, iv, tag, ct] = stored.split('.');
  if (version !== VERSION || !iv || !tag || ct === undefined) return null;
  try {
    const decipher = crypto.createDecipheriv('aes-256-gcm', keyFor(secret), Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(configId));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}

/** What every read shows instead of the key: "<first 3>…<last 4>" (keys are at least 12 chars). */
export const maskApiKey = (key: string): string => `${key.slice(0, 3)}…${key.slice(-4)}`;
