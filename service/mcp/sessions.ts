// Live MCP sessions, each bound to the customer that opened it. In memory (one MCP process);
// idle sessions are closed after a while and each customer has a cap, so memory stays bounded.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';

export interface McpSession {
  id: string;
  customerId: string;
  transport: StreamableHTTPServerTransport;
  server: McpServer;
  lastSeen: number;
}

export interface SessionRegistryOptions {
  idleMs?: number;
  maxPerCustomer?: number;
}

export class SessionRegistry {
  private readonly sessions = new Map<string, McpSession>();
  private readonly idleMs: number;
  private readonly maxPerCustomer: number;

  constructor(options: SessionRegistryOptions = {}) {
    this.idleMs = options.idleMs ?? 30 * 60_000;
    this.maxPerCustomer = options.maxPerCustomer ?? 64;
    setInterval(() => this.sweep(), Math.min(this.idleMs, 60_000)).unref();
  }

  add(session: McpSession): void {
    const mine = [...this.sessions.values()].filter((s) => s.customerId === session.customerId);
    if (mine.length >= this.maxPerCustomer) {
      const oldest = mine.reduce((x, y) => (x.lastSeen <= y.lastSeen ? x : y));
      void this.close(oldest.id);
    }
    this.sessions.set(session.id, session);
  }

  /** The session if it exists AND belongs to this customer; another tenant's id looks unknown. */
  get(id: string, customerId: string): McpSession | undefined {
    const s = this.sessions.get(id);
    if (!s || s.customerId !== customerId) return undefined;
    s.lastSeen = Date.now();
    return s;
  }

  remove(id: string): void {
    this.sessions.delete(id);
  }

  async close(id: string): Promise<void> {
    const s = this.sessions.get(id);
    this.sessions.delete(id);
    if (s) await Promise.allSettled([s.transport.close(), s.server.close()]);
  }

  private sweep(): void {
    const cutoff = Date.now() - this.idleMs;
    for (const s of this.sessions.values()) if (s.lastSeen < cutoff) void this.close(s.id);
  }
}
