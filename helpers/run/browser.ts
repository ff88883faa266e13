/** Chromium: SMOKE_CHROMIUM_PATH, else Playwright's own build, else the system's (it cannot download here). */
import fs from 'node:fs';
import { chromium } from '@playwright/test';

export const SYSTEM_CHROMIUM = '/usr/lib/chromium/chromium';

export function chromiumExecutable(override: string | undefined): string | undefined {
  if (override) return override;
  try {
    if (fs.existsSync(chromium.executablePath())) return undefined;
  } catch {
    // no bundled browser registered
  }
  return SYSTEM_CHROMIUM;
}

export const CHROMIUM_ARGS = [
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
