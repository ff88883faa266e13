/** BYOK shapes beyond account.ts: the list the portal reads. */
import { z } from 'zod';
import { ByokConfig } from './account.js';

export const ByokConfigList = z.object({ byok_configs: z.array(ByokConfig) });
