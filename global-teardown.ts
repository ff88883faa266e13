/** Global teardown: walk the cleanup ledger (helpers/teardown.ts), pass, fail or interrupt. */
import { runTeardown } from './helpers/teardown.js';

export default async function globalTeardown(): Promise<void> {
  await runTeardown();
}
