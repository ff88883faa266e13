// Name resolution for the SSRF checks, injectable so tests never send a DNS query for a public name.
import dns from 'node:dns';

export interface ResolvedAddress {
  address: string;
  family: number;
}

/** Resolves a host name to ALL its addresses (every one must be safe, not just the first). */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export const DNS_TIMEOUT_MS = 3000;

/** The system resolver (getaddrinfo, so /etc/hosts counts), bounded by a timeout. */
export const systemResolver: Resolver = (hostname) =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(Object.assign(new Error(`lookup of ${hostname} timed out`), { code: 'ETIMEOUT' })),
      DNS_TIMEOUT_MS,
    );
    dns.lookup(hostname, { all: true, verbatim: true }, (err, addresses) => {
      clearTimeout(timer);
      if (err) reject(err);
      else resolve(addresses);
    });
  });
