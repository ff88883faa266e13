/** OAuth discovery documents in full (RFC 8414 §2 and RFC 9728 §2), beyond AsMetadata's core. */
import { z } from 'zod';
import { AsMetadata } from './oauth.js';

export const AsMetadataFull = AsMetadata.extend({
  scopes_supported: z.array(z.string()),
  response_types_supported: z.array(z.string()).min(1),
  grant_types_supported: z.array(z.string()).min(1),
});
