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
/** The MCP endpoint exactly as given (the mcp profile: the path is the server's business). */
const mcpEndpoint = z
  .string()
  .trim()
  .refine((v) => /^https?:\/\/[^/\s]+/.test(v) && URL.canParse(v), 'must be an http(s) URL');
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
    // Set by the webServer's ready line in local mode (helpers/run/fake-provider-env.ts); `none` or a URL.
    SMOKE_FAKE_PROVIDER_URL: optional,
    SMOKE_STRIPE_WEBHOOK_SECRET: optional,
    SMOKE_DB: z.enum(['sqlite', 'postgres'], 'must be sqlite or postgres').default('sqlite'),
    SMOKE_CHROMIUM_PATH: optional,
    SMOKE_WORKERS: z.coerce.number().int().min(1).max(32).optional(),
    // A standing test account: the run logs in instead of signing up (and signs up no one).
    SMOKE_TENANT_EMAIL: z.email('must be an email address').optional(),
    SMOKE_TENANT_PASSWORD: optional,
    // A standing second account for the isolation checks (else one is signed up, unless the
    // tenant is standing: then those checks skip).
    SMOKE_FOREIGN_EMAIL: z.email('must be an email address').optional(),
    SMOKE_FOREIGN_PASSWORD: optional,
    // The sign-in and consent pages of a target whose controls the smoke cannot find by itself.
    SMOKE_SIGNIN_EMAIL_FIELD: optional,
    SMOKE_SIGNIN_PASSWORD_FIELD: optional,
    SMOKE_SIGNIN_SUBMIT: optional,
    SMOKE_SIGNIN_ALLOW: optional,
    SMOKE_SIGNIN_DENY: optional,
    // Deprecated aliases (CSS selectors, browser only), read here and nowhere else: signin.css.
    SMOKE_SIGNIN_USER_SELECTOR: optional,
    SMOKE_SIGNIN_PASSWORD_SELECTOR: optional,
    SMOKE_SIGNIN_SUBMIT_SELECTOR: optional,
    // The standards profile (helpers/profile.ts): any MCP server with OAuth, given its MCP URL.
    SMOKE_PROFILE: z.enum(['engram', 'mcp'], 'must be engram or mcp').default('engram'),
    SMOKE_OAUTH_CLIENT_ID: optional,
    SMOKE_OAUTH_CLIENT_SECRET: optional,
    SMOKE_USER: optional,
    SMOKE_PASSWORD: optional,
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
    if (v.SMOKE_PROFILE === 'mcp') {
      if (!v.SMOKE_MCP_URL)
        ctx.addIssue({
          code: 'custom',
          path: ['SMOKE_MCP_URL'],
          message: 'the mcp profile needs SMOKE_MCP_URL (the MCP endpoint URL)',
        });
      return;
    }
    const set = [v.SMOKE_ADMIN_URL, v.SMOKE_MCP_URL, v.SMOKE_ROUTER_URL].filter(Boolean).length;
    if (set !== 0 && set !== 3)
      ctx.addIssue({
        code: 'custom',
        path: ['SMOKE_ADMIN_URL'],
        message:
          'remote mode needs all of SMOKE_ADMIN_URL, SMOKE_MCP_URL, SMOKE_ROUTER_URL (or none, for local mode)',
      });
    for (const who of ['TENANT', 'FOREIGN'] as const)
      if (!v[`SMOKE_${who}_EMAIL`] !== !v[`SMOKE_${who}_PASSWORD`])
        ctx.addIssue({
          code: 'custom',
          path: [`SMOKE_${who}_EMAIL`],
          message: `a standing account needs both SMOKE_${who}_EMAIL and SMOKE_${who}_PASSWORD`,
        });
  });

export interface SmokeEnv extends ProfileEnv {
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
  /** The run's hard ceiling, seconds (SMOKE_CEILING_S). */
  ceilingS: number;
  /** Standing accounts (log in, never sign up). */
  standingTenant?: Credentials;
  standingForeign?: Credentials;
  /** Overrides for finding the sign-in/consent controls (docs/target.md). */
  signin: SigninHints;
}

export interface Credentials {
  email: string;
  password: string;
}

/** Field names (the `name` attribute) and button labels of the sign-in and consent pages. */
export interface SigninHints {
  emailField?: string;
  passwordField?: string;
  submit?: string;
  allow?: string;
  deny?: string;
  /** From the deprecated SMOKE_SIGNIN_{USER,PASSWORD,SUBMIT}_SELECTOR: CSS selectors, in the browser only. */
  css?: { emailField?: string; passwordField?: string; submit?: string };
}

export interface ProfileEnv {
  /** engram (default): all 13 groups against Engram; mcp: the standards groups against any MCP server. */
  profile: 'engram' | 'mcp';
  /** mcp profile: the MCP endpoint URL exactly as given (SMOKE_MCP_URL). */
  mcpEndpoint?: string;
  oauthClient?: { id: string; secret?: string };
  /** The sign-in of the authorization server's login form, if it has one. */
  user?: { name: string; password: string };
}

/** One clear message naming every bad variable; never echoes values (they may be secrets). */
export function formatEnvError(error: z.ZodError): string {
  const lines = error.issues.map((i) => `  ${i.path.join('.') || '(env)'}: ${i.message}`);
  return `smoke env is invalid (.env or environment):\n${lines.join('\n')}`;
}

export function parseEnv(raw: NodeJS.ProcessEnv): SmokeEnv {
  // An empty variable means unset (so `SMOKE_ADMIN_URL=` forces local mode over a .env value).
  const present = Object.fromEntries(
    Object.entries(raw).filter(([, v]) => v !== undefined && v.trim() !== ''),
  );
  const parsed = schema.safeParse(present);
  if (!parsed.success) throw new Error(formatEnvError(parsed.error));
  const v = parsed.data;
  const endpoint = v.SMOKE_PROFILE === 'mcp' ? mcpEndpoint.parse(present.SMOKE_MCP_URL) : undefined;
  // The mcp profile has no admin or router app: both stand for the MCP server's origin.
  const origin = endpoint ? new URL(endpoint).origin : undefined;
  const remote = Boolean(v.SMOKE_ADMIN_URL) || v.SMOKE_PROFILE === 'mcp';
  const ports = { admin: v.ADMIN_PORT, mcp: v.MCP_PORT, router: v.ROUTER_PORT };
  const byokBaseUrl =
    v.SMOKE_BYOK_BASE_URL ?? (httpUrl.safeParse(v.SMOKE_FAKE_PROVIDER_URL).data || undefined);
  return {
    mode: remote ? 'remote' : 'local',
    urls: origin
      ? { admin: origin, mcp: v.SMOKE_MCP_URL!, router: origin }
      : remote
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
    // The local fake provider's key only once its URL is known: never aim a fake key at a real provider.
    byokKey: raw.SMOKE_FAKE_PROVIDER === '1' && !byokBaseUrl ? undefined : v.SMOKE_BYOK_KEY,
    byokBaseUrl,
    chromiumPath: v.SMOKE_CHROMIUM_PATH,
    workers: v.SMOKE_WORKERS,
    standingTenant: credentials(v.SMOKE_TENANT_EMAIL, v.SMOKE_TENANT_PASSWORD),
    standingForeign: credentials(v.SMOKE_FOREIGN_EMAIL, v.SMOKE_FOREIGN_PASSWORD),
    signin: {
      emailField: v.SMOKE_SIGNIN_EMAIL_FIELD,
      passwordField: v.SMOKE_SIGNIN_PASSWORD_FIELD,
      submit: v.SMOKE_SIGNIN_SUBMIT,
      allow: v.SMOKE_SIGNIN_ALLOW,
      deny: v.SMOKE_SIGNIN_DENY,
      css: {
        emailField: v.SMOKE_SIGNIN_USER_SELECTOR,
        passwordField: v.SMOKE_SIGNIN_PASSWORD_SELECTOR,
        submit: v.SMOKE_SIGNIN_SUBMIT_SELECTOR,
      },
    },
    profile: v.SMOKE_PROFILE,
    mcpEndpoint: endpoint,
    oauthClient: v.SMOKE_OAUTH_CLIENT_ID
      ? { id: v.SMOKE_OAUTH_CLIENT_ID, secret: v.SMOKE_OAUTH_CLIENT_SECRET }
      : undefined,
    user: v.SMOKE_USER && v.SMOKE_PASSWORD ? { name: v.SMOKE_USER, password: v.SMOKE_PASSWORD } : undefined,
    ceilingS: v.SMOKE_CEILING_S,
  };
}

const credentials = (email?: string, password?: string): Credentials | undefined =>
  email && password ? { email, password } : undefined;

let cached: SmokeEnv | undefined;
let cachedFakeUrl: string | undefined;
export function smokeEnv(): SmokeEnv {
  // The webServer publishes SMOKE_FAKE_PROVIDER_URL (the local fake provider) after the config parsed the env.
  if (!cached || cachedFakeUrl !== process.env.SMOKE_FAKE_PROVIDER_URL) {
    cached = parseEnv(process.env);
    cachedFakeUrl = process.env.SMOKE_FAKE_PROVIDER_URL;
  }
  return cached;
}
