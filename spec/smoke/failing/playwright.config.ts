// The main smoke config plus one project whose only check sends credentials and fails:
// the secret scan's worst case (trace retained, call log in the error, secrets on stdout).
import path from 'node:path';
import { defineConfig } from '@playwright/test';
import base from '../../../playwright.config.js';
import { ROOT } from '../../../helpers/run/paths.js';

export default defineConfig({
  ...base,
  projects: [...(base.projects ?? []), { name: 'failing', testDir: path.join(ROOT, 'spec/smoke/failing') }],
});
