// GET /pricing (the plans) and GET /auth/config (what a sign-in or signup page reads first).
import { Router } from 'express';
import type { AppContext } from '../context.js';
import { handler, route } from '../http/routes.js';
import { PLANS } from '../account/plans.js';
import { EMAIL_MAX_LENGTH, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../account/sign-in.js';
import { SESSION_TTL_MS } from '../auth/session-tokens.js';
import { API_KEY_PREFIX } from '../auth/credentials.js';

export function publicRoutes(ctx: AppContext): Router {
  const router = Router();
  const issuer = ctx.config.adminUrl;

  route(router, '/pricing', {
    get: handler(async (_req, res) => {
      res.json({ currency: 'usd', plans: PLANS });
    }),
  });

  // Every number here is the one the service enforces (sign-in.ts), so a page built from it
  // cannot drift from the server's rules.
  const authConfig = {
    signup_enabled: true,
    signup_endpoint: '/auth/signup',
    login_endpoint: '/auth/login',
    logout_endpoint: '/auth/logout',
    password: { min_length: PASSWORD_MIN_LENGTH, max_length: PASSWORD_MAX_LENGTH, hash: 'scrypt' },
    email: { max_length: EMAIL_MAX_LENGTH, case_sensitive: false },
    session_ttl_seconds: SESSION_TTL_MS / 1000,
    credentials: { session: 'Bearer JWT', api_key_prefix: API_KEY_PREFIX },
    oauth: {
      issuer,
      metadata_url: `${issuer}/.well-known/oauth-authorization-server`,
      authorization_endpoint: `${issuer}/authorize`,
      token_endpoint: `${issuer}/token`,
      registration_endpoint: `${issuer}/register`,
      revocation_endpoint: `${issuer}/revoke`,
      code_challenge_methods_supported: ['S256'],
    },
  };
  route(router, '/auth/config', {
    get: handler(async (_req, res) => {
      res.json(authConfig);
    }),
  });
  return router;
}
