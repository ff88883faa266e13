// Bundles the service's two entry points to plain JavaScript (esbuild, ~0.2 s) so its four
// processes start on bare node instead of compiling TypeScript at load time (tsx): the
// smoke's cold start is dominated by that. Rebuilt on every start, so it is never stale
// (the fault runner patches service/ sources and boots the patched tree the same way).
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

export async function buildService(root: string): Promise<string> {
  const outdir = path.join(root, '.build', 'service');
  const result = await build({
    entryPoints: [path.join(root, 'service/main.ts'), path.join(root, 'service/apps/start.ts')],
    outbase: path.join(root, 'service'),
    outdir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    // Shared code in chunks, each app in its own (start.ts imports only the app it runs).
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    target: 'node20',
    packages: 'external',
    sourcemap: 'inline',
    logLevel: 'error',
    metafile: true,
  });
  // Chunk names carry a content hash: drop the chunks an earlier build left behind.
  const current = new Set(Object.keys(result.metafile.outputs).map((f) => path.resolve(root, f)));
  const chunks = path.join(outdir, 'chunks');
  for (const f of fs.existsSync(chunks) ? fs.readdirSync(chunks) : []) {
    if (!current.has(path.join(chunks, f))) fs.rmSync(path.join(chunks, f), { force: true });
  }
  // The bundle is ESM; the root package.json (CommonJS smoke side) must not decide for it.
  fs.writeFileSync(path.join(outdir, 'package.json'), '{ "type": "module" }\n');
  return outdir;
}
