// The OAuth 2.1 authorization server (mounted at / on the admin app, before the other routers):
// the MCP SDK's handlers over our provider, plus the sign-in and consent pages. Every middleware is
// mounted on its own path, so nothing here touches /auth/*, /account/* or any other route.
//
// The SDK's mcpAuthRouter is not used as a whole: it would publish the issuer with a trailing slash
// and serve RFC 9728 resource metadata for this app, which is not the resource (the MCP app is).
import { Router } from 'express';
import { authorizationHandler } from '@modelcontextprotocol/sdk/server/auth/handlers/authorize.js';
import { tokenHandler } from '@modelcontextprotocol/sdk/server/auth/handlers/token.js';
import { oauthBodyErrors } from './body-errors.js';
import { clientRegistrationHandler } from '@modelcontextprotocol/sdk/server/auth/handlers/register.js';
import { revocationHandler } from '@modelcontextprotocol/sdk/server/auth/handlers/revoke.js';
import { metadataHandler } from '@modelcontextprotocol/sdk/server/auth/handlers/metadata.js';
import type { AppContext } from '../context.js';
import { route } from '../http/routes.js';
import { keepStateOnErrorRedirect } from './authorize-state.js';
import { clientAuthentication } from './client-auth.js';
import { consentPageHandler, consentSubmitHandler } from './consent.js';
import { authorizationServerMetadata } from './metadata.js';
import { engramOAuthProvider } from './provider.js';
import { createSigner } from './signed.js';
import { signinSessions } from './signin-session.js';
import { signInPageHandler, signInSubmitHandler } from './sign-in.js';

/** OAUTH_RATE_LIMIT: requests per minute per client address on each endpoint; 0 turns it off. */
export const rateLimitFrom = (perMinute: number) => (perMinute > 0 ? { windowMs: 60_000, max: perMinute } : (false as const));

export function oauthRoutes(ctx: AppContext): Router {
  const router = Router();
  const db = ctx.store.db;
  const issuer = ctx.config.adminUrl.replace(/\/+$/, '');
  const signer = createSigner(ctx.config.SESSION_SECRET);
  const signin = signinSessions({ db, signer, secureCookie: issuer.startsWith('https:') });
  const provider = engramOAuthProvider({ db, sessionSecret: ctx.config.SESSION_SECRET, mcpUrl: ctx.config.mcpUrl, signer, signin });
  const rateLimit = rateLimitFrom(ctx.config.OAUTH_RATE_LIMIT);

  router.use('/.well-known/oauth-authorization-server', metadataHandler(authorizationServerMetadata({ issuer, provider })));
  router.use('/authorize', keepStateOnErrorRedirect(), authorizationHandler({ provider, rateLimit }));
  router.use('/token', ...clientAuthentication({ db }), tokenHandler({ provider, rateLimit }));
  router.use('/register', clientRegistrationHandler({ clientsStore: provider.clientsStore, rateLimit }));
  router.use('/revoke', ...clientAuthentication({ db }), revocationHandler({ provider, rateLimit }));
  router.use(['/authorize', '/token', '/register', '/revoke'], oauthBodyErrors());

  const pages = { db, signer, signin, issuer };
  route(router, '/oauth/sign-in', { get: signInPageHandler(pages), post: signInSubmitHandler(pages) });
  route(router, '/oauth/consent', { get: consentPageHandler(pages), post: consentSubmitHandler(pages) });
  return router;
}
