/** Global teardown: walk the cleanup ledger (helpers/run/teardown.ts), pass, fail or interrupt. */
import { smokeEnv } from './helpers/run/env.js';
import { revokeMinted } from './helpers/standards/teardown.js';
import { runTeardown } from './helpers/run/teardown.js';

export default async function globalTeardown(): Promise<void> {
  // The mcp profile mints tokens only through the server's OAuth flow: revoke them where offered.
  if (smokeEnv().profile === 'mcp')
    console.log(`teardown: standards profile: ${await revokeMinted().catch((e: Error) => e.message)}`);
  await runTeardown();
}
