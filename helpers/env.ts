/**
 * Smoke configuration: .env (dotenv) + process env, validated by zod once.
 * Local mode: no SMOKE_*_URL set, the config's webServer boots the reference service and the
 * smoke uses the same admin/webhook values it starts it with. Remote mode: all three URLs set.
 */
import path from 'node:path';
import dotenv from 'dotenv';
import { z } from 'zod';
import { ROOT } from './paths.js';

dotenv.config({ path: path.join(ROOT, '.env'), quiet: true });

const httpUrl = z
  .string()
  .trim()
  .refine((v) => /^https?:\/\/[^/\s]+/.test(v) && URL.canParse(v), 'must be an http(s) URL')
  .transform((v) => v.replace(/\/+$/, ''));
/** The MCP app's base URL: a trailing /mcp (the endpoint) is accepted and stripped. */
const mcpUrl = httpUrl.transform((v) => v.replace(/\/mcp$/, ''));
const port = z.coerce.number().int().min(1).max(65535);
const optional = z
  .string()
  .optional()
  .transform((v) => (v && v.trim() !== '' ? v : undefined));

const schema = z
  .object({
    SMOKE_ADMIN_URL: httpUrl.optional(),
    SMOKE_MCP_URL: mcpUrl.optional(),
    SMOKE_ROUTER_URL: httpUrl.optional(),
    SMOKE_ADMIN_EMAIL: z.email('must be an email address').optional(),
    SMOKE_ADMIN_PASSWORD: optional,
    SMOKE_BYOK_KEY: optional,
    // Where the BYOK config points (default: the provider's own URL). A loopback fake provider
    // in tests; the service must allow it (BYOK_ALLOW_HOSTS).
    SMOKE_BYOK_BASE_URL: httpUrl.optional(),
    SMOKE_STRIPE_WEBHOOK_SECRET: optional,
    SMOKE_DB: z.enum(['sqlite', 'postgres'], 'must be sqlite or postgres').default('sqlite'),
    SMOKE_CHROMIUM_PATH: optional,
    SMOKE_WORKERS: z.coerce.number().int().min(1).max(32).optional(),
    // The run's hard ceiling (Playwright's globalTimeout); request and check timeouts scale with it.
    SMOKE_CEILING_S: z.coerce.number().int().min(10, 'must be at least 10 (seconds)').max(3600).default(60),
    ADMIN_PORT: port.default(4100),
    MCP_PORT: port.default(4101),
    ROUTER_PORT: port.default(4102),
    ADMIN_EMAIL: z.email('must be an email address').default('admin@engram.local'),
    ADMIN_PASSWORD: z.string().min(1).default('engram-admin-local-pw'),
    STRIPE_WEBHOOK_SECRET: z.string().min(1).default('whsec_local_engram_smoke'),
  })
  .superRefine((v, ctx) => {
    const set = [v.SMOKE_ADMIN_URL, v.SMOKE_MCP_URL, v.SMOKE_ROUTER_URL].filter(Boolean).length;
    if (set !== 0 && set !== 3)
      ctx.addIssue({
        code: 'custom',
        path: ['SMOKE_ADMIN_URL'],
        message: 'remote mode needs all of SMOKE_ADMIN_URL, SMOKE_MCP_URL, SMOKE_ROUTER_URL (or none, for local mode)',
      });
  });

export interface SmokeEnv {
  mode: 'local' | 'remote';
  urls: { admin: string; mcp: string; router: string };
  ports: { admin: number; mcp: number; router: number };
  db: 'sqlite' | 'postgres';
  adminEmail?: string;
  byokBaseUrl?: string;
  adminPassword?: string;
  byokKey?: string;
  webhookSecret?: string;
  chromiumPath?: string;
  workers?: number;
  ceilingS: number;
}

/** One clear message naming every bad variable; never echoes values (they may be secrets). */
export function formatEnvError(error: z.ZodError): string {
  const lines = error.issues.map((i) => `  ${i.path.join('.') || '(env)'}: ${i.message}`);
  return `smoke env is invalid (.env or environment):\n${lines.join('\n')}`;
}

export function parseEnv(raw: NodeJS.ProcessEnv): SmokeEnv {
  // An empty variable means unset (so `SMOKE_ADMIN_URL=` forces local mode over a .env value).
  const present = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined && v.trim() !== ''));
  const parsed = schema.safeParse(present);
  if (!parsed.success) throw new Error(formatEnvError(parsed.error));
  const v = parsed.data;
  const remote = Boolean(v.SMOKE_ADMIN_URL);
  const ports = { admin: v.ADMIN_PORT, mcp: v.MCP_PORT, router: v.ROUTER_PORT };
  return {
    mode: remote ? 'remote' : 'local',
    urls: remote
      ? { admin: v.SMOKE_ADMIN_URL!, mcp: v.SMOKE_MCP_URL!, router: v.SMOKE_ROUTER_URL! }
      : {
          admin: `http://127.0.0.1:${ports.admin}`,
          mcp: `http://127.0.0.1:${ports.mcp}`,
          router: `http://127.0.0.1:${ports.router}`,
        },
    ports,
    db: v.SMOKE_DB,
    // Local mode: the smoke knows what it started the service with. Remote: only what it is given.
    adminEmail: v.SMOKE_ADMIN_EMAIL ?? (remote ? undefined : v.ADMIN_EMAIL),
    adminPassword: v.SMOKE_ADMIN_PASSWORD ?? (remote ? undefined : v.ADMIN_PASSWORD),
    webhookSecret: v.SMOKE_STRIPE_WEBHOOK_SECRET ?? (remote ? undefined : v.STRIPE_WEBHOOK_SECRET),
    byokKey: v.SMOKE_BYOK_KEY,
    byokBaseUrl: v.SMOKE_BYOK_BASE_URL,
    chromiumPath: v.SMOKE_CHROMIUM_PATH,
    workers: v.SMOKE_WORKERS,
    ceilingS: v.SMOKE_CEILING_S,
  };
}

let cached: SmokeEnv | undefined;
export function smokeEnv(): SmokeEnv {
  cached ??= parseEnv(process.env);
  return cached;
}
