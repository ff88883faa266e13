// OAuth 2.1 authorization server + sign-in/consent pages (mounted at /) (stub: filled by its owner).
import { Router } from 'express';
import type { AppContext } from '../context.js';

export function oauthRoutes(_ctx: AppContext): Router {
  return Router();
}
