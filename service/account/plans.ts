// The billing plans: what /pricing shows and what /account/billing resolves a plan id to.
// Limits are published numbers; the reference service does not enforce them.
export interface Plan {
  id: string;
  name: string;
  price_monthly_usd: number;
  limits: { memories: number; queries_per_day: number; api_keys: number; byok_configs: number };
}

export const PLANS: readonly Plan[] = [
  {
    id: 'free',
    name: 'Free',
    price_monthly_usd: 0,
    limits: { memories: 1_000, queries_per_day: 100, api_keys: 2, byok_configs: 1 },
  },
  {
    id: 'pro',
    name: 'Pro',
    price_monthly_usd: 19,
    limits: { memories: 50_000, queries_per_day: 5_000, api_keys: 10, byok_configs: 5 },
  },
  {
    id: 'team',
    name: 'Team',
    price_monthly_usd: 99,
    limits: { memories: 500_000, queries_per_day: 50_000, api_keys: 50, byok_configs: 20 },
  },
];

export const DEFAULT_PLAN = 'free';

export const planById = (id: string): Plan | undefined => PLANS.find((p) => p.id === id);
