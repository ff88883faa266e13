/** Global teardown: walk the cleanup ledger (helpers/run/teardown.ts), pass, fail or interrupt. */
import { smokeEnv } from './helpers/run/env.js';
import { revokeMinted } from './helpers/standards/teardown.js';
import { runTeardown } from './helpers/run/teardown.js';

export default async function globalTeardown(): Promise<void> {
  // The standards checks mint tokens through the server's OAuth flow: revoke them where offered
  // (the engram profile's ledger undoes the rest, beside it).
  const revoked = revokeMinted().catch((e: Error) => e.message);
  await runTeardown();
  const line = `teardown: standards checks: ${await revoked}`;
  if (smokeEnv().profile === 'mcp' || process.env.SMOKE_VERBOSE === '1') console.log(line);
}
