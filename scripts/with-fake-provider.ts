// `tsx scripts/with-fake-provider.ts <command...>`: runs a command (usually the smoke in local
// mode) with a fake OpenAI-compatible provider on loopback, so the BYOK validate check runs for
// real instead of skipping: SMOKE_BYOK_KEY, SMOKE_BYOK_BASE_URL and the service's
// BYOK_ALLOW_HOSTS point at it.
import { spawn } from 'node:child_process';
import { startFakeProvider } from './lib/fake-provider.js';

const [cmd, ...args] = process.argv.slice(2);
if (!cmd) {
  console.error('usage: tsx scripts/with-fake-provider.ts <command> [args...]');
  process.exit(2);
}
const provider = await startFakeProvider();
const child = spawn(cmd, args, {
  stdio: 'inherit',
  env: {
    ...process.env,
    SMOKE_BYOK_KEY: provider.key,
    SMOKE_BYOK_BASE_URL: provider.baseUrl,
    BYOK_ALLOW_HOSTS: provider.hostPort,
  },
});
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => child.kill(sig));
child.on('exit', async (code, signal) => {
  await provider.close();
  console.log(`fake provider: ${provider.requests} request(s) served`);
  process.exit(code ?? (signal ? 1 : 0));
});
