/**
 * Cheaper stack formatting in the Playwright worker, with the same output.
 *
 * Playwright captures a 50-frame stack for every fixture step: each check sets up and tears down
 * about 28 built-in option fixtures (viewport, locale, ...) through `_combinedContextOptions`.
 * Every capture is formatted by source-map-support, which clones each frame. That was 11% of
 * all worker CPU in a profiled run. Only files Playwright transformed (ours) have source maps,
 * so a stack with none of our frames gets the same text from V8's own call-site strings.
 */
type Prepare = (error: Error, sites: NodeJS.CallSite[]) => unknown;

const INSTALLED = Symbol.for('engram-smoke.fast-stacks');

/** A frame that may carry a source map: a file outside node_modules and Node's internals. */
export function mayBeMapped(site: NodeJS.CallSite): boolean {
  const file = site.getFileName();
  if (!file || file.startsWith('node:')) return false;
  return !/[/\\]node_modules[/\\]/.test(file);
}

/** The text source-map-support gives a stack without mapped frames: V8's call-site strings, no "async " marker. */
export function formatPlain(error: Error, sites: NodeJS.CallSite[]): string {
  let head: string;
  try {
    head = String(error);
  } catch {
    head = 'Error';
  }
  const frame = (site: NodeJS.CallSite) => {
    const text = String(site);
    return site.isAsync?.() && text.startsWith('async ') ? text.slice(6) : text;
  };
  return head + sites.map((site) => `\n    at ${frame(site)}`).join('');
}

/** Wraps the installed Error.prepareStackTrace (source-map-support's) with the fast path. Idempotent. */
export function installFastStacks(): void {
  const mapped = Error.prepareStackTrace as (Prepare & { [INSTALLED]?: true }) | undefined;
  if (!mapped || mapped[INSTALLED]) return;
  const fast: Prepare & { [INSTALLED]?: true } = (error, sites) =>
    sites.some(mayBeMapped) ? mapped(error, sites) : formatPlain(error, sites);
  fast[INSTALLED] = true;
  Error.prepareStackTrace = fast;
}
