/**
 * Node's on-disk compile cache (V8 code cache, Node >= 22.1) for every process of a run: the
 * runner, 14 Playwright workers and the service compile the same files each run (Playwright's
 * bundles alone are 7 MB). Warm, it takes a worker's start from ~0.65 to ~0.47 s of CPU.
 * In node_modules/.cache, so the fault runner's scratch copies (node_modules symlinked) share
 * it and `npm ci` clears it. NODE_COMPILE_CACHE moves it, NODE_DISABLE_COMPILE_CACHE=1 turns it off.
 */
import module from 'node:module';
import path from 'node:path';

const dir =
  process.env.NODE_COMPILE_CACHE ||
  path.resolve(__dirname, '..', '..', 'node_modules', '.cache', 'node-compile-cache');
// Workers and the service inherit the variable and enable the cache before loading anything.
process.env.NODE_COMPILE_CACHE = dir;
// This process: whatever it loads from here on.
module.enableCompileCache?.(dir);
