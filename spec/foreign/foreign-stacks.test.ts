// The standards profile against MCP servers this project did not write (and the reference
// service's MCP app), each on loopback: the profile runs green or with reasoned skips, and each
// stack's faults (launcher switches) turn the check that stands on that rule red.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { freePort } from '../../scripts/lib/throwaway-postgres.js';
import { startService, type RunningService } from '../lib/service.js';
import { ROOT, startSmoke } from '../lib/smoke-process.js';
import { filesContaining } from '../lib/artifact-texts.js';
import { newTenant } from '../lib/tenant.js';

interface Checked {
  group: string;
  name: string;
  outcome: string;
  detail: string;
  warning?: string;
}

interface Server {
  stop(): Promise<void>;
}

/** Starts a server process and waits for `ready` on its output. */
async function launch(args: string[], env: Record<string, string>, ready: RegExp): Promise<Server> {
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGTERM'); // not left running past its test
      reject(new Error(`not ready in 20 s:\n${out}`));
    }, 20_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      if (ready.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`exited ${code} before ready:\n${out}`)));
  });
  return {
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.on('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** SMOKE_PROFILE=mcp against `mcpUrl`; the checks of the results JSON. */
async function smoke(
  mcpUrl: string,
  env: Record<string, string> = {},
  args: string[] = [],
): Promise<{ checks: Checked[]; out: string; artifacts: string }> {
  const origin = new URL(mcpUrl).origin;
  const run = startSmoke({ adminUrl: origin, mcpUrl, routerUrl: origin }, args, {
    SMOKE_PROFILE: 'mcp',
    ...env,
  });
  await run.exited;
  const checks = (run.results()?.checks ?? []) as Checked[];
  assert.ok(checks.length > 0, `no results:\n${run.output().slice(-2000)}`);
  return { checks, out: run.output(), artifacts: run.artifacts };
}

const id = (c: Checked) => `${c.group}.${c.name}`;
const reds = (checks: Checked[]) =>
  checks
    .filter((c) => c.outcome === 'err')
    .map(id)
    .sort();

/** Green or reasoned skips: no err but `allowed`, and every skip says why. */
function assertGreenOrReasoned(checks: Checked[], out: string, allowed: string[] = []): void {
  assert.deepEqual(reds(checks), [...allowed].sort(), out.slice(-3000));
  for (const c of checks.filter((x) => x.outcome === 'skip'))
    assert.match(c.detail, /^(skipped|not run): .{12,}/, `${id(c)} skipped without a reason: ${c.detail}`);
}

const SDK_EXAMPLE = path.join(
  ROOT,
  'node_modules/@modelcontextprotocol/sdk/dist/esm/examples/server/simpleStreamableHttp.js',
);
const OIDC_SERVER = path.join(ROOT, 'spec/foreign/oidc-mcp-server.ts');

describe('the MCP SDK example server with its demo OAuth provider', () => {
  async function sdk(flags: string[]): Promise<{ url: string; server: Server }> {
    const [mcp, as] = [await freePort(), await freePort()];
    const server = await launch(
      [SDK_EXAMPLE, ...flags],
      { MCP_PORT: String(mcp), MCP_AUTH_PORT: String(as) },
      /MCP Streamable HTTP Server listening/,
    );
    return { url: `http://localhost:${mcp}/mcp`, server };
  }

  test("--oauth-strict: green or reasoned skips, except the example's own 500s", async () => {
    const { url, server } = await sdk(['--oauth', '--oauth-strict']);
    try {
      const { checks, out } = await smoke(url);
      // The example's verifier and demo provider throw plain Errors, which the SDK answers with
      // 500 server_error where MCP wants 401 (a bad token) and RFC 6749 §5.2 wants 400 (a bad code).
      assertGreenOrReasoned(checks, out, [
        'errors.token.bad_code.oauth_error_json',
        'mcp.auth.forged_expired_jwt_token.401_invalid_token',
        'mcp.auth.garbage_token.401_invalid_token',
      ]);
      for (const name of [
        'mcp.auth.garbage_token.401_invalid_token',
        'errors.token.bad_code.oauth_error_json',
      ])
        assert.match(checks.find((c) => id(c) === name)!.detail, /got 500 server_error/);
      const skipped = checks
        .filter((c) => c.outcome === 'skip')
        .map(id)
        .sort();
      assert.deepEqual(skipped, [
        'oauth.refresh.rotation.old_rejected',
        'oauth.revoke.access_token.refused_after',
      ]);
      assert.ok(checks.filter((c) => c.outcome === 'ok').length >= 20, out.slice(-2000));
    } finally {
      await server.stop();
    }
  });

  test('--oauth (no audience check): the foreign-resource token goes red', async () => {
    const { url, server } = await sdk(['--oauth']);
    try {
      const { checks, out } = await smoke(url, {}, ['--project=oauth']);
      assert.deepEqual(reds(checks), ['oauth.token.foreign_resource.not_accepted'], out.slice(-2000));
    } finally {
      await server.stop();
    }
  });
});

describe('an SDK-built MCP server behind oidc-provider', () => {
  const user = { SMOKE_USER: 'smoke-user', SMOKE_PASSWORD: 'smoke-password-for-dev-interactions' };
  async function oidc(faults: Record<string, string> = {}): Promise<{ url: string; server: Server }> {
    const [mcp, as] = [await freePort(), await freePort()];
    const server = await launch(
      ['--import', 'tsx', OIDC_SERVER],
      { OIDC_MCP_PORT: String(mcp), OIDC_AS_PORT: String(as), ...faults },
      /oidc-mcp ready/,
    );
    return { url: `http://127.0.0.1:${mcp}/mcp`, server };
  }

  test('green: login and consent pages found and passed, refresh rotation and revocation run', async () => {
    const { url, server } = await oidc();
    try {
      const { checks, out } = await smoke(url, user);
      assertGreenOrReasoned(checks, out);
      assert.equal(checks.filter((c) => c.outcome === 'skip').length, 0, out.slice(-2000));
      assert.match(
        checks.find((c) => c.name === 'authorize.browser.code_with_state')!.detail,
        /sign-in at .* -> consent at /,
      );
    } finally {
      await server.stop();
    }
  });

  test('without credentials the login form is a reasoned skip, never a red', async () => {
    const { url, server } = await oidc();
    try {
      const { checks, out } = await smoke(url, {}, ['--project=oauth']);
      assert.deepEqual(reds(checks), [], out.slice(-2000));
      assert.match(
        checks.find((c) => c.name === 'authorize.browser.code_with_state')!.detail,
        /needs SMOKE_USER and SMOKE_PASSWORD/,
      );
    } finally {
      await server.stop();
    }
  });

  for (const [fault, project, check] of [
    ['FAULT_PRM_RESOURCE', 'discovery', 'discovery.resource_metadata.discovered.names_this_resource'],
    ['FAULT_NO_CHALLENGE', 'discovery', 'discovery.challenge.no_token.401_bearer'],
    ['FAULT_NO_PKCE', 'oauth', 'oauth.authorize.no_pkce.refused'],
  ] as const) {
    test(`${fault}: ${check} goes red`, async () => {
      const { url, server } = await oidc({ [fault]: '1' });
      try {
        const { checks, out, artifacts } = await smoke(url, user, [`--project=${project}`]);
        assert.deepEqual(reds(checks), [check], out.slice(-2000));
        // The red check's trace holds the sign-in (the password was typed into the login form).
        assert.deepEqual(
          filesContaining(artifacts, user.SMOKE_PASSWORD),
          [],
          'the sign-in password reached an artifact',
        );
        assert.ok(!out.includes(user.SMOKE_PASSWORD), 'the sign-in password reached stdout');
      } finally {
        await server.stop();
      }
    });
  }
});

describe('no red hides another surface, in the mcp profile', () => {
  const user = { SMOKE_USER: 'smoke-user', SMOKE_PASSWORD: 'smoke-password-for-dev-interactions' };

  test('FAULT_NO_PKCE: the oauth red holds no mcp check back; every mcp check runs on the token', async () => {
    const [mcp, as] = [await freePort(), await freePort()];
    const server = await launch(
      ['--import', 'tsx', OIDC_SERVER],
      { OIDC_MCP_PORT: String(mcp), OIDC_AS_PORT: String(as), FAULT_NO_PKCE: '1' },
      /oidc-mcp ready/,
    );
    try {
      const { checks, out } = await smoke(`http://127.0.0.1:${mcp}/mcp`, user);
      assert.deepEqual(reds(checks), ['oauth.authorize.no_pkce.refused'], out.slice(-2000));
      const mcpChecks = checks.filter((c) => c.group === 'mcp');
      assert.ok(mcpChecks.length >= 9, `${mcpChecks.length} mcp checks`);
      assert.deepEqual(
        mcpChecks.filter((c) => c.outcome !== 'ok').map((c) => `${id(c)}: ${c.detail}`),
        [],
        'mcp checks without their true outcome',
      );
    } finally {
      await server.stop();
    }
  });
});

describe("the reference service's MCP app, in the mcp profile", () => {
  let svc: RunningService;
  before(async () => {
    svc = await startService('sqlite');
  });
  after(async () => {
    await svc?.stop();
  });

  test('green or reasoned skips with a tenant signing in through its pages', async () => {
    const t = await newTenant(svc, 'std');
    const { checks, out } = await smoke(svc.mcpUrl, { SMOKE_USER: t.email, SMOKE_PASSWORD: t.password });
    assertGreenOrReasoned(checks, out);
    assert.equal(checks.filter((c) => c.outcome === 'skip').length, 0, out.slice(-2000));
  });
});
