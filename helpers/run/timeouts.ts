/**
 * Timeouts that fit the target: they scale with the run's ceiling (SMOKE_CEILING_S, 60 s by
 * default) and grow with the round-trip time global setup measured (run state `rtt_ms`), so a
 * far target is given the round trips it needs and a near one fails fast.
 */
import { smokeEnv } from './env.js';

let rttMs = 0;

/** Global setup after its preflight, and each worker from the run state. */
export function useMeasuredRtt(ms: number | null | undefined): void {
  rttMs = Math.max(0, Math.round(ms ?? 0));
}

export const measuredRttMs = (): number => rttMs;

const scale = (): number => smokeEnv().ceilingS / 60;

/** One HTTP request: 5 s at the default ceiling (at most 30 s), plus 4 RTTs (connect, TLS, the exchange). */
export const requestTimeoutMs = (): number => Math.round(Math.min(30_000, 5000 * scale()) + 4 * rttMs);

/** One check: 10 s at the default ceiling, plus 40 sequential round trips. */
export const checkTimeoutMs = (): number => Math.round(10_000 * scale() + 40 * rttMs);

/** How long to wait for a stream's headers before calling it "no headers": `baseMs` plus 3 RTTs. */
export const streamWaitMs = (baseMs: number): number => baseMs + 3 * rttMs;
