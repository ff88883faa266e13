// Portal settings: the fields PUT /account/settings accepts, their defaults, and nothing else.
import { z } from 'zod';

const timezone = z
  .string()
  .max(64)
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'must be an IANA time zone such as Europe/Paris');

/** Strict: an unknown field is a 400 naming it, never silently dropped. */
export const settingsPatchSchema = z.strictObject({
  display_name: z.string().trim().min(1).max(100).nullable().optional(),
  timezone: timezone.optional(),
  default_bucket: z
    .string()
    .regex(/^[a-z0-9_-]{1,40}$/, 'must match [a-z0-9_-]{1,40}')
    .optional(),
  email_notifications: z.boolean().optional(),
  retention_days: z.number().int().min(1).max(3650).nullable().optional(),
});

export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

export const DEFAULT_SETTINGS = {
  display_name: null,
  timezone: 'UTC',
  default_bucket: 'inbox',
  email_notifications: true,
  retention_days: null,
} as const;

const KNOWN = Object.keys(DEFAULT_SETTINGS);

/** Defaults overlaid with the stored values of known fields only. */
export function effectiveSettings(stored: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  for (const k of KNOWN) if (k in stored) out[k] = stored[k];
  return out;
}
