// Service configuration from the environment, validated once at start.
import { z } from 'zod';

const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);
/** A URL the service advertises when it sits behind a proxy: a bare http(s) origin. */
const publicOrigin = z
  .string()
  .trim()
  .transform((v) => v.replace(/\/+$/, ''))
  .refine(
    (v) => URL.canParse(v) && /^https?:$/.test(new URL(v).protocol) && new URL(v).origin === v,
    'must be a bare http(s) origin, e.g. https://admin.example.com',
  )
  .optional();

const schema = z.object({
  ADMIN_PORT: port(4100),
  MCP_PORT: port(4101),
  ROUTER_PORT: port(4102),
  /** Where the three apps bind. */
  HOST: z.string().trim().min(1).default('127.0.0.1'),
  // The URLs the service advertises (OAuth issuer, resource, metadata, challenges); default: the
  // bind address. MCP_PUBLIC_URL is the MCP app's origin; the endpoint is <origin>/mcp (a trailing
  // /mcp is accepted).
  ADMIN_PUBLIC_URL: publicOrigin,
  MCP_PUBLIC_URL: z
    .string()
    .optional()
    .transform((v) =>
      v
        ?.trim()
        .replace(/\/+$/, '')
        .replace(/\/mcp$/, ''),
    )
    .pipe(publicOrigin),
  ROUTER_PUBLIC_URL: publicOrigin,
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
    .transform((s) =>
      s
        .split(',')
        .map((h) => h.trim().toLowerCase())
        .filter(Boolean),
    ),
  OAUTH_RATE_LIMIT: z.coerce.number().int().min(0).default(0),
  ENGRAM_VERSION: z.string().default('0.1.0'),
});

export type ServiceConfig = z.infer<typeof schema> & {
  /** Public origin of the admin app: the OAuth issuer. */
  adminUrl: string;
  /** Public URL of the MCP endpoint (<origin>/mcp): the protected resource. */
  mcpUrl: string;
  /** Public origin of the router app. */
  routerUrl: string;
};

/** The origin a client reaches `port` at when no public URL is configured. */
function bindOrigin(host: string, port: number): string {
  // A wildcard bind is reached over loopback on this machine.
  const reach = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return `http://${reach.includes(':') ? `[${reach}]` : reach}:${port}`;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServiceConfig {
  // An empty HOST or *_PUBLIC_URL means unset (ADMIN_PUBLIC_URL= falls back to the bind address).
  const unset = (k: string, v: string | undefined) =>
    (k === 'HOST' || k.endsWith('_PUBLIC_URL')) && !v?.trim();
  const parsed = schema.safeParse(Object.fromEntries(Object.entries(env).filter(([k, v]) => !unset(k, v))));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`engram: invalid environment\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  return {
    ...c,
    adminUrl: c.ADMIN_PUBLIC_URL ?? bindOrigin(c.HOST, c.ADMIN_PORT),
    mcpUrl: `${c.MCP_PUBLIC_URL ?? bindOrigin(c.HOST, c.MCP_PORT)}/mcp`,
    routerUrl: c.ROUTER_PUBLIC_URL ?? bindOrigin(c.HOST, c.ROUTER_PORT),
  };
}
