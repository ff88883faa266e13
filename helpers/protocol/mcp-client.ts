/**
 * MCP over Streamable HTTP with a bearer (API key or OAuth access token), via the SDK client.
 * Node fetch underneath: inside a check each JSON-RPC exchange is a step in its trace and report
 * (helpers/report/exchange-recorder.ts).
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { requestTimeoutMs } from '../run/timeouts.js';
import { atCheckLine } from '../report/exchange-recorder.js';

export interface ToolResult {
  isError: boolean;
  /** structuredContent, or the JSON of the first text block when the server sent none. */
  data: unknown;
  /** All text content joined: what an error result says. */
  text: string;
}

export interface McpSession {
  client: Client;
  /** The HTTP status of the last POST /mcp this session sent (what an MCP check's line reports). */
  lastStatus(): number | '-';
  callTool(name: string, args?: Record<string, unknown>): Promise<ToolResult>;
  close(): Promise<void>;
}

export interface McpConnectOptions {
  /** Appended as ?config_set=<name> to route queries to a BYOK profile. */
  configSet?: string;
  timeoutMs?: number;
}

export async function connectMcp(
  mcpUrl: string,
  bearer: string,
  opts: McpConnectOptions = {},
): Promise<McpSession> {
  const url = new URL(mcpUrl.endsWith('/mcp') ? mcpUrl : `${mcpUrl}/mcp`);
  if (opts.configSet) url.searchParams.set('config_set', opts.configSet);
  let last: number | '-' = '-';
  const transport = new StreamableHTTPClientTransport(url, {
    requestInit: { headers: { Authorization: `Bearer ${bearer}` } },
    fetch: async (input, init) => {
      const res = await fetch(input, init);
      if ((init?.method ?? 'GET').toUpperCase() === 'POST') last = res.status;
      return res;
    },
  });
  const client = new Client({ name: 'engram-smoke', version: '0.1.0' });
  await atCheckLine(() => client.connect(transport, { timeout: opts.timeoutMs ?? requestTimeoutMs() }));
  return {
    client,
    lastStatus: () => last,
    async callTool(name, args = {}) {
      const res = await atCheckLine(() =>
        client.callTool({ name, arguments: args }, undefined, {
          timeout: opts.timeoutMs ?? requestTimeoutMs(),
        }),
      );
      const blocks = (res.content ?? []) as Array<{ type: string; text?: string }>;
      const text = blocks
        .filter((b) => b.type === 'text')
        .map((b) => b.text ?? '')
        .join('\n');
      let data: unknown = res.structuredContent;
      if (data === undefined && text) {
        try {
          data = JSON.parse(text);
        } catch {
          data = undefined;
        }
      }
      return { isError: res.isError === true, data, text };
    },
    async close() {
      await transport.terminateSession().catch(() => undefined);
      await client.close();
    },
  };
}
