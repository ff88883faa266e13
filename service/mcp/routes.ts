// The MCP app's routes (mounted at /): RFC 9728 metadata and Streamable HTTP at /mcp, behind
// Host-header validation (DNS rebinding) and the MCP authentication middleware.
import { Router } from 'express';
import type { AppContext } from '../context.js';
import { credentialDeps } from '../context.js';
import { route } from '../http/routes.js';
import { mcpAuth } from './auth.js';
import { hostCheck } from './host-check.js';
import { protectedResourceMetadata, resourceMetadataUrl } from './metadata.js';
import { SessionRegistry } from './sessions.js';
import { streamableHttp } from './streamable-http.js';

export function mcpRoutes(ctx: AppContext): Router {
  const router = Router();
  const mcpPath = new URL(ctx.config.mcpUrl).pathname;
  router.use(hostCheck({ publicUrl: ctx.config.mcpUrl }));
  router.use(protectedResourceMetadata(ctx));

  const auth = mcpAuth({
    ...credentialDeps(ctx),
    resource: ctx.config.mcpUrl,
    resourceMetadataUrl: resourceMetadataUrl(ctx.config.mcpUrl),
  });
  const mcp = streamableHttp({ ctx, sessions: new SessionRegistry() });
  route(router, mcpPath, { post: [auth, mcp.post], get: [auth, mcp.get], delete: [auth, mcp.delete] });
  return router;
}
