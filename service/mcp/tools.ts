// The MCP tools, one McpServer per session, bound to the session's customer. Every tool calls the
// shared memories domain; nothing here touches SQL.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import {
  MAX_MEMORY_BYTES,
  MAX_TOP_K,
  DEFAULT_TOP_K,
  deleteMemory,
  listBuckets,
  listMemories,
  queryMemories,
  requireBucketByName,
  storeMemory,
} from '../memories/index.js';
import { runTool } from './results.js';

export interface ToolBinding {
  customerId: string;
  /** The ?config_set= of the request being served (falls back to the one the session opened with). */
  configSetOf: (url: URL | undefined) => string | null;
}

const bucketSummary = z.object({ id: z.number().int(), name: z.string(), memory_count: z.number().int() });
const memoryRow = z.object({ id: z.string(), content: z.string(), created_at: z.string() });

export function createMcpServer(ctx: AppContext, binding: ToolBinding): McpServer {
  const server = new McpServer({ name: 'engram', version: ctx.config.ENGRAM_VERSION });
  const { customerId } = binding;
  const run = (body: () => Promise<Record<string, unknown>>) => runTool(ctx.log, body);

  server.registerTool(
    'store_memory',
    {
      description:
        `Store a memory. Content is trimmed, must not be empty, and may be at most ${MAX_MEMORY_BYTES} bytes (UTF-8). ` +
        'Storing the same content again (ignoring case and whitespace) returns the existing memory with deduplicated=true. ' +
        "Without a bucket, the first #hashtag in the content names the bucket, else 'inbox'.",
      inputSchema: {
        content: z.string().describe('The text to remember.'),
        bucket: z.string().optional().describe('Bucket name, [a-z0-9_-]{1,40}; created on first use.'),
      },
      outputSchema: { memory_id: z.string(), bucket_id: z.number().int(), bucket: z.string(), deduplicated: z.boolean() },
      annotations: { idempotentHint: true },
    },
    ({ content, bucket }) => run(async () => ({ ...(await storeMemory(ctx.store, customerId, { content, bucket })) })),
  );

  server.registerTool(
    'query',
    {
      description:
        "Ask a question over your memories: full-text retrieval plus a composed answer. Returns the answer, the retrieved " +
        "context (memory ids, content, scores in (0,1], best first), the BYOK config set used (from ?config_set= on the MCP URL) " +
        "and the composer that answered ('extractive' or 'provider:<name>').",
      inputSchema: {
        question: z.string().describe('The question, in plain words.'),
        bucket: z.string().optional().describe('Only search this bucket.'),
        top_k: z.number().int().min(1).optional().describe(`How many memories to retrieve (default ${DEFAULT_TOP_K}, at most ${MAX_TOP_K}).`),
      },
      outputSchema: {
        answer: z.string(),
        context: z.array(z.object({ memory_id: z.string(), content: z.string(), score: z.number() })),
        config_set: z.string().nullable(),
        composer: z.string(),
      },
      annotations: { readOnlyHint: true },
    },
    ({ question, bucket, top_k }, extra) =>
      run(async () => ({
        ...(await queryMemories(ctx, customerId, { question, bucket, topK: top_k, configSet: binding.configSetOf(extra.requestInfo?.url) })),
      })),
  );

  server.registerTool(
    'list_memories',
    {
      description: 'List the memories of one bucket, oldest first, with the total count of the bucket.',
      inputSchema: {
        bucket: z.string().describe('Bucket name.'),
        limit: z.number().int().min(1).max(1000).optional().describe('Page size (default 100).'),
        offset: z.number().int().min(0).optional().describe('Rows to skip (default 0).'),
      },
      outputSchema: { memories: z.array(memoryRow), total: z.number().int() },
      annotations: { readOnlyHint: true },
    },
    ({ bucket, limit, offset }) =>
      run(async () => {
        const b = await requireBucketByName(ctx.store, customerId, bucket);
        return { ...(await listMemories(ctx.store, customerId, b, { limit, offset })) };
      }),
  );

  server.registerTool(
    'list_buckets',
    {
      description: 'List your buckets with their memory counts.',
      inputSchema: {},
      outputSchema: { buckets: z.array(bucketSummary) },
      annotations: { readOnlyHint: true },
    },
    () => run(async () => ({ buckets: await listBuckets(ctx.store, customerId) })),
  );

  server.registerTool(
    'delete_memory',
    {
      description: 'Delete one memory by id.',
      inputSchema: { memory_id: z.string().describe('The memory_id returned by store_memory.') },
      outputSchema: { deleted: z.literal(true) },
      annotations: { destructiveHint: true, idempotentHint: false },
    },
    ({ memory_id }) =>
      run(async () => {
        await deleteMemory(ctx.store, customerId, memory_id);
        return { deleted: true };
      }),
  );

  return server;
}
