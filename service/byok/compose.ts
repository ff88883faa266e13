// Composes an answer with a customer's BYOK provider, grounded in the retrieved contexts only.
// Returns null when the provider is not usable (never validated, no contexts, key unreadable, any
// provider or SSRF failure), and the caller falls back to the extractive composer.
import type { AppContext } from '../context.js';
import type { ByokConfig } from '../db/schema.js';
import { decryptApiKey } from './key-crypto.js';
import { postToProvider } from './provider/post.js';
import { buildChatRequest, effectiveBaseUrl, extractText } from './provider/requests.js';
import { parseOverrides } from './serialize.js';

export interface ComposeContext {
  memory_id: string;
  content: string;
  score: number;
}

const SYSTEM_PROMPT =
  'Answer the question using only the numbered memories provided. Be brief (at most three sentences). ' +
  'If the memories do not contain the answer, say that you do not know.';
const MAX_CONTEXT_CHARS = 12_000;
const DEFAULT_MAX_TOKENS = 256;

function promptFor(question: string, contexts: ComposeContext[]): string {
  let budget = MAX_CONTEXT_CHARS;
  const lines: string[] = [];
  contexts.forEach((c, i) => {
    if (budget <= 0) return;
    const text = c.content.slice(0, budget);
    budget -= text.length;
    lines.push(`[${i + 1}] ${text}`);
  });
  return `Memories:\n${lines.join('\n')}\n\nQuestion: ${question}`;
}

const num = (v: unknown, min: number, max: number): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) ? Math.min(max, Math.max(min, v)) : undefined;

export async function composeWithProvider(
  ctx: AppContext,
  config: ByokConfig,
  question: string,
  contexts: ComposeContext[],
): Promise<string | null> {
  try {
    if (!config.byok_validated_at || !contexts.length) return null;
    const apiKey = decryptApiKey(ctx.config.SESSION_SECRET, config.api_key_encrypted, config.id);
    if (apiKey === null) return null;
    // The composer override may pick another model and a few sampling params.
    const composer = parseOverrides(config.overrides).composer ?? {};
    const params = composer.params ?? {};
    const request = buildChatRequest(
      config.provider,
      effectiveBaseUrl(config.provider, config.base_url),
      apiKey,
      {
        model: composer.model ?? config.model,
        maxTokens: Math.round(num(params.max_tokens, 1, 1024) ?? DEFAULT_MAX_TOKENS),
        temperature: num(params.temperature, 0, 2) ?? 0,
        topP: num(params.top_p, 0, 1),
        system: SYSTEM_PROMPT,
        user: promptFor(question, contexts),
      },
    );
    const result = await postToProvider({ ...request, allowHosts: ctx.config.BYOK_ALLOW_HOSTS });
    if (!result.ok) {
      ctx.log('byok compose fell back to extractive', { config_id: config.id, reason: result.message });
      return null;
    }
    return extractText(config.provider, result.json);
  } catch (err) {
    ctx.log('byok compose failed', { config_id: config.id, error: (err as Error)?.name });
    return null;
  }
}
