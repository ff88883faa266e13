// The wire shape of a config set. The key never appears: only its mask.
import type { ByokConfig } from '../db/schema.js';
import { effectiveBaseUrl } from './provider/requests.js';

export const COMPONENTS = ['composer', 'embedder', 'reranker'] as const;
export type Component = (typeof COMPONENTS)[number];

export interface ComponentOverride {
  model?: string;
  params?: Record<string, string | number | boolean | null>;
}
export type Overrides = Partial<Record<Component, ComponentOverride>>;

export function parseOverrides(text: string): Overrides {
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Overrides) : {};
  } catch {
    return {};
  }
}

/** One timestamp format whatever the driver handed back (a Date or a string): design fault #4. */
export function toIso(v: string | Date | null): string | null {
  if (v === null || v === undefined) return null;
  const d = v instanceof Date ? v : new Date(v);
  return Number.isNaN(d.getTime()) ? String(v) : d.toISOString();
}

export function toWire(row: ByokConfig) {
  return {
    id: row.id,
    name: row.name,
    provider: row.provider,
    base_url: effectiveBaseUrl(row.provider, row.base_url),
    model: row.model,
    api_key_masked: row.api_key_masked,
    overrides: parseOverrides(row.overrides),
    byok_validated_at: toIso(row.byok_validated_at),
    created_at: toIso(row.created_at),
    updated_at: toIso(row.updated_at),
  };
}
