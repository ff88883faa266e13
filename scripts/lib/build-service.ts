// Bundles the service's two entry points to plain JavaScript (esbuild, ~0.2 s) so its four
// processes start on bare node instead of compiling TypeScript at load time (tsx): the
// smoke's cold start is dominated by that. Rebuilt on every start, so it is never stale
// (the fault runner patches service/ sources and boots the patched tree the same way).
import path from 'node:path';
import { build } from 'esbuild';

export async function buildService(root: string): Promise<string> {
  const outdir = path.join(root, '.build', 'service');
  await build({
    entryPoints: [path.join(root, 'service/main.ts'), path.join(root, 'service/apps/start.ts')],
    outbase: path.join(root, 'service'),
    outdir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'inline',
    logLevel: 'error',
  });
  return outdir;
}
