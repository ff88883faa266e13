// RFC 9728 protected-resource metadata for the MCP resource, at the root well-known URL and at
// the path-suffixed one (RFC 9728 §3.1: the resource's path appended to the well-known prefix).
import { Router } from 'express';
import type { AppContext } from '../context.js';
import { route } from '../http/routes.js';

export const SCOPES = ['memories:read', 'memories:write'];
const WELL_KNOWN = '/.well-known/oauth-protected-resource';

/** The path-suffixed metadata URL for the MCP resource, e.g. http://host/.well-known/oauth-protected-resource/mcp. */
export function resourceMetadataUrl(mcpUrl: string): string {
  const u = new URL(mcpUrl);
  const suffix = u.pathname === '/' ? '' : u.pathname.replace(/\/$/, '');
  return `${u.origin}${WELL_KNOWN}${suffix}`;
}

export function protectedResourceMetadata(ctx: AppContext): Router {
  const router = Router();
  const suffix = new URL(ctx.config.mcpUrl).pathname.replace(/\/$/, '');
  const body = {
    resource: ctx.config.mcpUrl,
    authorization_servers: [ctx.config.adminUrl],
    scopes_supported: SCOPES,
    bearer_methods_supported: ['header'],
    resource_name: 'Engram MCP',
  };
  const serve = {
    get: ((_req, res) => {
      // Public discovery document: browser-based MCP clients read it cross-origin.
      res.setHeader('Access-Control-Allow-Origin', '*');
      res.json(body);
    }) as import('express').RequestHandler,
  };
  route(router, WELL_KNOWN, serve);
  if (suffix) route(router, `${WELL_KNOWN}${suffix}`, serve);
  return router;
}
