/** The customer portal's /account/* reads beyond account.ts: usage, settings fields, BYOK list. */
import { z } from 'zod';
import { ByokConfig } from './account.js';

/** Every top-level number a usage counter; nested objects (limits) are allowed. */
export const PortalUsage = z.record(z.string(), z.unknown());

/** The settings fields the portal's settings page edits (PUT /account/settings partial). */
export const PortalSettings = z.object({
  settings: z.object({
    display_name: z.string().nullable(),
    timezone: z.string().min(1),
    default_bucket: z.string().min(1),
    email_notifications: z.boolean(),
    retention_days: z.number().int().nullable(),
  }),
});
export type PortalSettingsValues = z.infer<typeof PortalSettings>['settings'];

export const PortalByokList = z.object({ byok_configs: z.array(ByokConfig) });
