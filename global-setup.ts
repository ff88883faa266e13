/**
 * Provisions the run's tenant through the real signup path, then publishes the state for
 * workers (reports/.run/state.json). A failed step does not abort the run: checks that need
 * what it would have made fail with its message, the rest (health, public, ...) still run.
 */
import fs from 'node:fs';
import type { FullConfig } from '@playwright/test';
import { smokeEnv } from './helpers/run/env.js';
import { paths } from './helpers/run/paths.js';
import {
  adminLogin,
  createByok,
  loginTenant,
  mintApiKey,
  passwordMinLength,
  signupTenant,
} from './helpers/run/provision.js';
import { emptyRunState, writeRunState, type RunState, type Tenant } from './helpers/run/run-state.js';
import { envSecrets, rememberSecret } from './helpers/redact/secrets.js';
import { treatSigtermAsSigint } from './helpers/run/signals.js';
import { preflight } from './helpers/run/preflight.js';
import { discoverForEngram, setupStandardsProfile } from './helpers/standards/setup.js';
import { useMeasuredRtt } from './helpers/run/timeouts.js';
import { abortRun, provisioningStarted } from './helpers/run/run-outcome.js';
import { warmUp } from './helpers/run/warm-up.js';

export default async function globalSetup(config: FullConfig): Promise<void> {
  const provisioned = provision(config);
  // Known to teardown, which Ctrl-C can start while this is still running (same process); it
  // waits for the warm-up too, whose client and tokens are in the ledger.
  void provisioningStarted(provisioned.then((r) => r.warmingUp).catch(() => undefined));
  await provisioned;
}

/** Resolves when the workers may start, with the warm-up still under way (helpers/run/warm-up.ts). */
async function provision(config: FullConfig): Promise<{ warmingUp: Promise<void> | null }> {
  const started = Date.now();
  treatSigtermAsSigint();
  fs.rmSync(paths.runDir, { recursive: true, force: true });
  fs.mkdirSync(paths.runDir, { recursive: true, mode: 0o700 });
  // Allure appends a file per result: without this the report mixes every past run (and the
  // redactor rescans them all).
  fs.rmSync(paths.allure, { recursive: true, force: true });
  const env = smokeEnv();
  for (const s of [...envSecrets(), env.adminPassword, env.webhookSecret, env.byokKey]) rememberSecret(s);
  // The standards profile: no Engram endpoint is called; provisioning is the server's OAuth flow.
  if (env.profile === 'mcp') {
    await setupStandardsProfile(env, (config.metadata.allGroups as string[] | undefined) ?? []);
    return { warmingUp: null };
  }

  const state = emptyRunState(env, { webhook_secret: env.webhookSecret ?? null });

  const pre = await preflight(env.urls);
  state.rtt_ms = pre.rttMs;
  useMeasuredRtt(pre.rttMs);
  const rtt = pre.rttMs === null ? 'rtt -' : `rtt ${pre.rttMs} ms`;
  const dead = pre.down.some((d) => d.app === 'admin')
    ? `target unreachable: ${pre.down.map((d) => `${d.app} ${d.url} (${d.why})`).join('; ')}`
    : pre.failingEverywhere
      ? `target answers 5xx everywhere: ${pre.failingEverywhere}`
      : null;
  if (dead) {
    // Nothing can be provisioned or checked: report every check as not run (fast: skips cost
    // no worker restart) and fail the run, instead of ~200 checks each failing on their own.
    state.unreachable = dead;
    state.provisioning_error = dead;
    abortRun(dead, { nothingCanRun: true });
    writeRunState(state);
    console.log(`setup: ${env.mode} ${env.urls.admin} (${rtt}): ${dead}; no check will run`);
    return { warmingUp: null };
  }

  const admin = adminLogin(env).catch((e: Error) => ({
    admin: null,
    admin_skip_reason: `admin login failed: ${e.message}`,
  }));
  const foreign = provisionForeign(env);
  // The standards checks follow the MCP app's own discovery chain (their discovery group judges it).
  const standards = discoverForEngram(env).catch((e: Error) => `standards discovery failed: ${e.message}`);
  try {
    state.tenant = env.standingTenant
      ? await loginTenant(env, 'tenant', env.standingTenant)
      : await signupTenant(env);
    const session = state.tenant.session_token;
    // Independent of each other: one round trip instead of two. Both settle before a failure is
    // reported, so whatever was made is in the ledger.
    const [key, byok] = await Promise.allSettled([mintApiKey(env, session), createByok(env, session)]);
    state.api_key = key.status === 'fulfilled' ? key.value : null;
    state.byok = byok.status === 'fulfilled' ? byok.value : null;
    for (const r of [key, byok]) if (r.status === 'rejected') throw r.reason;
  } catch (e) {
    state.provisioning_error = (e as Error).message;
    // Checks that need the tenant then report "not run" (no worker restart each) and the run
    // is red for this one reason, instead of ~150 errs repeating it.
    abortRun(`provisioning failed: ${state.provisioning_error}`, { nothingCanRun: false });
  }
  Object.assign(state, await admin, await foreign);
  writeRunState(state);

  const what = state.provisioning_error
    ? `PROVISIONING FAILED: ${state.provisioning_error}`
    : `tenant ${state.tenant?.email}${env.standingTenant ? ' (standing)' : ''}, api key #${state.api_key?.id}, byok ${state.byok?.name}${state.byok?.real_key ? ' (real key)' : ' (dummy key)'}`;
  const adminNote = state.admin ? 'admin signed in' : state.admin_skip_reason;
  const standardsNote = await standards;
  const second = state.foreign
    ? `second tenant ${state.foreign.signup ? 'signed up' : 'standing'}`
    : `no second tenant (${state.foreign_skip_reason})`;
  console.log(
    `setup: ${env.mode} ${env.urls.admin} (${rtt}): ${what}; ${second}; ${adminNote}${standardsNote ? `; ${standardsNote}` : ''} (${Date.now() - started} ms)`,
  );
  if (state.provisioning_error) return { warmingUp: null };
  // Wrapped: an async function returning the promise itself would wait for it.
  const warmingUp = warmUp(state).then((line) => {
    if (process.env.SMOKE_VERBOSE === '1')
      console.log(`${line} (${Date.now() - started} ms after setup began)`);
  });
  return { warmingUp };
}

/**
 * The second tenant, made once per run for every isolation check: a standing account when one
 * is given, none when the tenant is standing (such a run signs up no one), else a sign-up whose
 * password is exactly the published minimum length (what auth_config.password.min_length_is_enforced
 * checks). Beside the tenant's chain, not after it: no time on the critical path.
 */
async function provisionForeign(
  env: ReturnType<typeof smokeEnv>,
): Promise<Pick<RunState, 'foreign' | 'foreign_skip_reason'>> {
  try {
    let foreign: Tenant | null = null;
    if (env.standingForeign) foreign = await loginTenant(env, 'foreign', env.standingForeign);
    else if (!env.standingTenant) foreign = await signupTenant(env, 'foreign', await passwordMinLength(env));
    const skip =
      'skipped: no second tenant (a standing-account run signs up no one: set SMOKE_FOREIGN_EMAIL and SMOKE_FOREIGN_PASSWORD)';
    return { foreign, foreign_skip_reason: foreign ? null : skip };
  } catch (e) {
    return { foreign: null, foreign_skip_reason: `second tenant not provisioned: ${(e as Error).message}` };
  }
}
