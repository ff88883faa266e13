/**
 * Global setup of the standards checks. The mcp profile calls no Engram endpoint (no sign-up, no
 * API key): it runs the discovery chain once and publishes it; provisioning proper (a client and
 * a token) is the oauth group's job, through the server's own OAuth flow. The engram profile
 * publishes the same chain from its MCP app, beside its own provisioning.
 */
import { abortRun } from '../run/run-outcome.js';
import type { SmokeEnv } from '../run/env.js';
import { notInProfile } from '../profile.js';
import { emptyRunState, writeRunState } from '../run/run-state.js';
import { discover, type Target } from './discover.js';
import { publishTarget } from './state.js';

export async function setupStandardsProfile(env: SmokeEnv, groups: readonly string[]): Promise<void> {
  const started = Date.now();
  const state = emptyRunState(env, {
    foreign_skip_reason: 'not run: engram profile only',
    admin_skip_reason: 'not run: engram profile only',
  });
  const target = await discover(env.mcpEndpoint!);
  if (target.unauthenticated.status === 0) {
    state.unreachable = `target unreachable: ${target.error}`;
    state.provisioning_error = state.unreachable;
    abortRun(state.unreachable, { nothingCanRun: true });
  }
  publishTarget(target);
  writeRunState(state);
  const chain = target.authServer
    ? `resource metadata via ${target.resourceMetadata!.via}, authorization server ${target.authServer.doc.issuer ?? '?'} via ${target.authServer.via}`
    : `discovery stopped: ${target.error}`;
  const skipped = notInProfile(groups, 'mcp');
  console.log(
    `setup: mcp profile ${env.mcpEndpoint}: unauthenticated POST ${target.unauthenticated.status}; ${chain} (${Date.now() - started} ms); not run (engram profile only): ${skipped.join(', ')}`,
  );
}

/** The engram profile: the standards checks' discovery chain from `${mcp}/mcp`; null when it ran through. */
export async function discoverForEngram(env: SmokeEnv): Promise<string | null> {
  const target: Target = await discover(`${env.urls.mcp}/mcp`);
  publishTarget(target);
  return target.authServer ? null : `standards discovery stopped: ${target.error}`;
}
