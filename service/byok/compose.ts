// Composes an answer with a customer's BYOK provider (stub: filled by the BYOK owner).
// Returns null when the provider is not usable, and the caller falls back to the extractive composer.
import type { AppContext } from '../context.js';
import type { ByokConfig } from '../db/schema.js';

export interface ComposeContext {
  memory_id: string;
  content: string;
  score: number;
}

export async function composeWithProvider(
  _ctx: AppContext,
  _config: ByokConfig,
  _question: string,
  _contexts: ComposeContext[],
): Promise<string | null> {
  return null;
}
