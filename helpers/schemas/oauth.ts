import { z } from 'zod';

/** RFC 8414 authorization server metadata (the fields the smoke relies on). */
export const AsMetadata = z.object({
  issuer: z.url(),
  authorization_endpoint: z.url(),
  token_endpoint: z.url(),
  registration_endpoint: z.url(),
  revocation_endpoint: z.url(),
  scopes_supported: z.array(z.string()).optional(),
  code_challenge_methods_supported: z.array(z.string()),
});
/** RFC 9728 protected resource metadata. */
export const ResourceMetadata = z.object({
  resource: z.url(),
  authorization_servers: z.array(z.url()).min(1),
  scopes_supported: z.array(z.string()).optional(),
});
/** RFC 7591 registration response. */
export const ClientRegistration = z.object({
  client_id: z.string().min(1),
  client_secret: z.string().optional(),
  redirect_uris: z.array(z.string()),
});
export const TokenResponse = z.object({
  access_token: z.string().regex(/^ega_/, 'access_token must start with ega_'),
  token_type: z.string().regex(/^bearer$/i),
  expires_in: z.number().int().positive(),
  refresh_token: z.string().regex(/^egr_/, 'refresh_token must start with egr_').optional(),
  scope: z.string().optional(),
});
