// The BYOK presets the admin console offers: a static list, one per supported provider.
export interface Preset {
  id: string;
  name: string;
  provider: 'openai' | 'anthropic';
  base_url: string;
  model: string;
}

export const PRESETS: readonly Preset[] = [
  {
    id: 'openai-default',
    name: 'OpenAI (default)',
    provider: 'openai',
    base_url: 'https://api.openai.com/v1',
    model: 'gpt-4o-mini',
  },
  {
    id: 'anthropic-default',
    name: 'Anthropic (default)',
    provider: 'anthropic',
    base_url: 'https://api.anthropic.com',
    model: 'claude-3-5-haiku-latest',
  },
];
