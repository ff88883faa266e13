// MCP Streamable HTTP at /mcp and RFC 9728 metadata (mounted at /) (stub: filled by its owner).
import { Router } from 'express';
import type { AppContext } from '../context.js';

export function mcpRoutes(_ctx: AppContext): Router {
  return Router();
}
