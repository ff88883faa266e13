// Connect-time SSRF guard: an undici Agent whose DNS lookup refuses unsafe addresses, so a name
// that passed at create and now resolves to 127.0.0.1 (DNS rebinding) is never dialled.
// Node skips `lookup` for IP literals: callers must run checkBaseUrlStatic first (postToProvider does).
import type { LookupFunction } from 'node:net';
import { Agent } from 'undici';
import { unsafeAddressReason } from './address.js';
import { systemResolver, type Resolver } from './resolve.js';

export class UnsafeAddressError extends Error {
  readonly code = 'EUNSAFEADDRESS';
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'UnsafeAddressError';
  }
}

/** A net/tls `lookup` that resolves all addresses and fails unless every one is public. */
export function guardedLookup(resolve: Resolver = systemResolver): LookupFunction {
  return function lookup(hostname, options, callback): void {
    resolve(hostname).then(
      (all) => {
        const bad = all.map((a) => ({ a, why: unsafeAddressReason(a.address) })).find((x) => x.why);
        if (bad)
          return callback(new UnsafeAddressError(`${hostname} resolves to ${bad.a.address}, ${bad.why}`), '');
        const wanted =
          options.family === 4 || options.family === 6 ? all.filter((a) => a.family === options.family) : all;
        if (!wanted.length)
          return callback(
            Object.assign(new Error(`${hostname} does not resolve`), { code: 'ENOTFOUND' }),
            '',
          );
        if (options.all) return callback(null, wanted);
        callback(null, wanted[0].address, wanted[0].family);
      },
      (err: Error) => callback(err, ''),
    );
  };
}

export interface SafeDispatcherOptions {
  /** Allowlisted development host: the address check is skipped (the allowlist is the exception). */
  allowAnyAddress: boolean;
  connectTimeoutMs: number;
  resolve?: Resolver;
}

/** One Agent per provider call: the allowlist decision is per host, and calls are rare. */
export function safeDispatcher(options: SafeDispatcherOptions): Agent {
  const lookup = options.allowAnyAddress ? undefined : guardedLookup(options.resolve);
  return new Agent({ connect: { timeout: options.connectTimeoutMs, ...(lookup ? { lookup } : {}) } });
}
