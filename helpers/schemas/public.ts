/** Public (unauthenticated) surfaces: GET /pricing and GET /auth/config. */
import { z } from 'zod';

const Count = z.number().finite().nonnegative();

/** One plan: an id, a display name, a numeric price >= 0 and numeric limits. */
export const PricingPlan = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  price_monthly_usd: z.number().finite().nonnegative(),
  limits: z.record(z.string(), Count).refine((l) => Object.keys(l).length > 0, 'limits must not be empty'),
});
export const Pricing = z.object({
  currency: z.string().min(1).optional(),
  plans: z.array(PricingPlan).min(1),
});

/** The keys a sign-in / signup page reads before it renders. */
export const AuthConfig = z.object({
  signup_enabled: z.boolean(),
  signup_endpoint: z.string().optional(),
  login_endpoint: z.string().optional(),
  logout_endpoint: z.string().optional(),
  password: z.object({ min_length: z.number().int().positive(), max_length: z.number().int().positive() }),
  email: z
    .object({ max_length: z.number().int().positive().optional(), case_sensitive: z.boolean().optional() })
    .optional(),
  session_ttl_seconds: z.number().int().positive().optional(),
  oauth: z.object({
    issuer: z.url(),
    metadata_url: z.url().optional(),
    authorization_endpoint: z.url().optional(),
    token_endpoint: z.url().optional(),
    registration_endpoint: z.url().optional(),
    revocation_endpoint: z.url().optional(),
    code_challenge_methods_supported: z.array(z.string()).optional(),
  }),
});
