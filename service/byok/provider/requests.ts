// Request shapes for the two provider families, and reading the text out of their answers.
export type Provider = 'openai' | 'anthropic';
export const PROVIDERS = ['openai', 'anthropic'] as const;

export const DEFAULT_BASE_URLS: Record<Provider, string> = {
  openai: 'https://api.openai.com/v1',
  anthropic: 'https://api.anthropic.com',
};

export const ANTHROPIC_VERSION = '2023-06-01';

/** The URL the service calls: the stored base_url, else the provider's public default. */
export function effectiveBaseUrl(provider: string, baseUrl: string | null): string {
  return baseUrl ?? DEFAULT_BASE_URLS[provider as Provider] ?? DEFAULT_BASE_URLS.openai;
}

export interface ChatRequest {
  model: string;
  maxTokens: number;
  system?: string;
  user: string;
  temperature?: number;
  topP?: number;
}

export interface HttpRequestParts {
  url: string;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

const join = (base: string, path: string) => base.replace(/\/+$/, '') + path;

export function buildChatRequest(
  provider: string,
  baseUrl: string,
  apiKey: string,
  chat: ChatRequest,
): HttpRequestParts {
  const sampling = {
    ...(chat.temperature !== undefined ? { temperature: chat.temperature } : {}),
    ...(chat.topP !== undefined ? { top_p: chat.topP } : {}),
  };
  if (provider === 'anthropic') {
    return {
      url: join(baseUrl, '/v1/messages'),
      headers: { 'x-api-key': apiKey, 'anthropic-version': ANTHROPIC_VERSION },
      body: {
        model: chat.model,
        max_tokens: chat.maxTokens,
        ...(chat.system ? { system: chat.system } : {}),
        messages: [{ role: 'user', content: chat.user }],
        ...sampling,
      },
    };
  }
  const messages = [
    ...(chat.system ? [{ role: 'system', content: chat.system }] : []),
    { role: 'user', content: chat.user },
  ];
  return {
    url: join(baseUrl, '/chat/completions'),
    headers: { authorization: `Bearer ${apiKey}` },
    body: { model: chat.model, max_tokens: chat.maxTokens, messages, ...sampling },
  };
}

/** The answer text, or null when the body is not the expected shape. */
export function extractText(provider: string, json: unknown): string | null {
  const j = json as Record<string, any> | null;
  if (provider === 'anthropic') {
    const parts = Array.isArray(j?.content) ? j.content : [];
    const text = parts
      .filter((p: any) => p?.type === 'text' && typeof p.text === 'string')
      .map((p: any) => p.text)
      .join('');
    return text.trim() || null;
  }
  const content = j?.choices?.[0]?.message?.content;
  return typeof content === 'string' && content.trim() ? content.trim() : null;
}
