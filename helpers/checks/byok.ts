/**
 * Helpers for the byok group: a dummy provider key (create never contacts the provider), the
 * contract's mask (`<first 3>…<last 4>`), and a create that registers its undo at once.
 */
import { randomBytes } from 'node:crypto';
import type { APIRequestContext } from '@playwright/test';
import type { Check } from '../check.js';
import type { LedgerApi } from '../fixtures.js';
import { ByokConfig } from '../schemas/index.js';
import { rememberSecret } from '../redact/secrets.js';
import type { z } from 'zod';

export type ByokWire = z.output<typeof ByokConfig>;

/** A fake OpenAI-style key, unique per call, remembered for redaction. */
export function dummyProviderKey(): string {
  const key = `sk-smoke-${randomBytes(16).toString('hex')}`;
  rememberSecret(key);
  return key;
}

/** docs/contract.md: `api_key_masked` is `<first 3>…<last 4>`. */
export const expectedMask = (key: string): string => `${key.slice(0, 3)}…${key.slice(-4)}`;

/** URL-safe, unique config set name. */
export const byokName = (label: string): string => `smoke-${label}-${randomBytes(3).toString('hex')}`;

/** Why a raw response body gives the key away, or null: the whole key or its unmasked middle. */
export function keyLeak(raw: string, key: string): string | null {
  if (raw.includes(key)) return 'the whole provider key';
  const middle = key.slice(3, -4);
  if (middle.length >= 8 && raw.includes(middle)) return 'the unmasked middle of the provider key';
  return null;
}

export interface CreatedByok {
  config: ByokWire;
  key: string;
  raw: string;
}

/**
 * POST /account/byok (provider openai, no base_url unless given) expecting 201; the undo is
 * registered before the shape is judged, so a wrong shape still gets cleaned up.
 */
export async function createByokConfig(
  ctx: APIRequestContext,
  check: Check,
  ledger: LedgerApi,
  opts: { name: string; key?: string; model?: string; base_url?: string; owner?: 'tenant' | 'foreign' },
): Promise<CreatedByok> {
  const key = opts.key ?? dummyProviderKey();
  const res = await ctx.post('/account/byok', {
    data: {
      name: opts.name,
      provider: 'openai',
      api_key: key,
      model: opts.model ?? 'gpt-4o-mini',
      ...(opts.base_url ? { base_url: opts.base_url } : {}),
    },
  });
  const raw = await res.text();
  if (res.status() === 201) {
    try {
      const id = (JSON.parse(raw) as { id?: unknown }).id;
      if (id !== undefined) ledger.add({ kind: 'byok', id: String(id), owner: opts.owner });
    } catch {
      /* judged by check.json below */
    }
  }
  const config = await check.json(res, 201, ByokConfig);
  return { config, key, raw };
}
