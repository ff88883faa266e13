// Tool results: the object as structuredContent AND as JSON text; domain errors as tool errors
// whose text names the broken rule. Unknown errors never leak their message.
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { ApiError } from '../http/errors.js';
import { MemoryError } from '../memories/index.js';

export function ok(value: Record<string, unknown>): CallToolResult {
  return { content: [{ type: 'text', text: JSON.stringify(value) }], structuredContent: value };
}

export function toolError(message: string): CallToolResult {
  return { content: [{ type: 'text', text: message }], isError: true };
}

/** Runs a tool body; MemoryError/ApiError become tool errors, anything else a generic one. */
export async function runTool(
  log: (msg: string, extra?: unknown) => void,
  body: () => Promise<Record<string, unknown>>,
): Promise<CallToolResult> {
  try {
    return ok(await body());
  } catch (err) {
    if (err instanceof MemoryError) return toolError(`${err.rule}: ${err.message}`);
    if (err instanceof ApiError) return toolError(`${err.code}: ${err.message}`);
    log('mcp tool error', err);
    return toolError('server_error: Internal error.');
  }
}
