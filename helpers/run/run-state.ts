/**
 * What global setup provisioned, published to workers as reports/.run/state.json (mode 0600,
 * deleted at exit). Holds secrets: read it through the `state` fixture, never print it.
 */
import fs from 'node:fs';
import { paths } from './paths.js';

export interface RunState {
  mode: 'local' | 'remote';
  started_at: string;
  urls: { admin: string; mcp: string; router: string };
  /** Why provisioning stopped, if it did; checks that need the tenant fail with this. */
  provisioning_error: string | null;
  /** Set when the admin app did not answer at all, or answered 5xx everywhere: every check is reported not run. */
  unreachable?: string | null;
  /** Round-trip time to the target measured by the preflight (ms); timeouts grow with it. */
  rtt_ms?: number | null;
  tenant: Tenant | null;
  /**
   * The second tenant for the isolation checks (helpers/run/second-tenant.ts): null with a reason
   * when the run has none (a standing tenant and no standing second account).
   */
  foreign: Tenant | null;
  foreign_skip_reason: string | null;
  api_key: { id: string; key: string; prefix: string } | null;
  byok: { id: string; name: string; real_key: boolean } | null;
  /** null with a reason when no admin credentials were given or login failed. */
  admin: { email: string; token: string } | null;
  admin_skip_reason: string | null;
  webhook_secret: string | null;
}

/** A run's state before provisioning: nothing provisioned yet, nothing failed. */
export function emptyRunState(
  env: { mode: RunState['mode']; urls: RunState['urls'] },
  over: Partial<RunState> = {},
): RunState {
  return {
    mode: env.mode,
    started_at: new Date().toISOString(),
    urls: env.urls,
    provisioning_error: null,
    tenant: null,
    foreign: null,
    foreign_skip_reason: null,
    api_key: null,
    byok: null,
    admin: null,
    admin_skip_reason: null,
    webhook_secret: null,
    ...over,
  };
}

export interface Tenant {
  id: string;
  email: string;
  password: string;
  session_token: string;
  /** What its sign-up answered (fresh accounts); absent for a standing account (logged in). */
  signup?: SignupSeen;
  /** Memories per bucket it held before the run (standing accounts): teardown compares. */
  baseline_memories?: Record<string, number>;
  /** Session ids it had before the run (standing accounts): teardown deletes only the others. */
  baseline_sessions?: string[];
  /** Its settings before the run (standing accounts): teardown puts them back. */
  baseline_settings?: Record<string, unknown>;
}

/** Global setup's POST /auth/signup as seen, for the checks about sign-up itself (no token: it is session_token). */
export interface SignupSeen {
  status: number;
  /** The password's length, and the /auth/config min_length it was cut to (null: not read). */
  password_length: number;
  min_length: number | null;
  customer: unknown;
}

export function writeRunState(state: RunState): void {
  fs.mkdirSync(paths.runDir, { recursive: true, mode: 0o700 });
  fs.writeFileSync(paths.state, JSON.stringify(state, null, 2), { mode: 0o600 });
}

export function readRunState(): RunState {
  if (!fs.existsSync(paths.state))
    throw new Error(
      `no run state at ${paths.state}: global setup did not run (run the smoke with playwright test)`,
    );
  return JSON.parse(fs.readFileSync(paths.state, 'utf8')) as RunState;
}
