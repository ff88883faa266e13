// Service configuration from the environment, validated once at start.
import { z } from 'zod';

const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

const schema = z.object({
  ADMIN_PORT: port(4100),
  MCP_PORT: port(4101),
  ROUTER_PORT: port(4102),
  SQLITE_PATH: z.string().min(1).default('.data/engram.sqlite'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  ADMIN_EMAIL: z.string().email().default('admin@engram.local'),
  ADMIN_PASSWORD: z.string().min(8).default('engram-admin-local-pw'),
  STRIPE_WEBHOOK_SECRET: z.string().min(1).default('whsec_local_engram_smoke'),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters'),
  BYOK_ALLOW_HOSTS: z
    .string()
    .default('')
    .transform((s) => s.split(',').map((h) => h.trim().toLowerCase()).filter(Boolean)),
  OAUTH_RATE_LIMIT: z.coerce.number().int().min(0).default(0),
  ENGRAM_VERSION: z.string().default('0.1.0'),
});

export type ServiceConfig = z.infer<typeof schema> & {
  adminUrl: string;
  mcpUrl: string;
  routerUrl: string;
};

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServiceConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`engram: invalid environment\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  return {
    ...c,
    adminUrl: `http://127.0.0.1:${c.ADMIN_PORT}`,
    mcpUrl: `http://127.0.0.1:${c.MCP_PORT}/mcp`,
    routerUrl: `http://127.0.0.1:${c.ROUTER_PORT}`,
  };
}
