/** Shapes every surface shares. Extra fields are allowed (z.object strips, never rejects, them). */
import { z } from 'zod';

/** ISO 8601 with a zone, the same on both dialects. */
export const Timestamp = z.iso.datetime({ offset: true });

export const ErrorEnvelope = z.object({
  error: z.object({ code: z.string().regex(/^[a-z_]+$/), message: z.string().min(1) }),
});
export type ErrorEnvelope = z.infer<typeof ErrorEnvelope>;

/** RFC 6749 error body, used by the OAuth endpoints instead of the envelope. */
export const OAuthError = z.object({ error: z.string().min(1), error_description: z.string().optional() });
