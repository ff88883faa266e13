// A fake OpenAI-compatible provider on 127.0.0.1 for local BYOK validate runs (fault runner,
// npm test): answers POST /v1/chat/completions for one accepted key, 401 otherwise. Never the
// real provider: tests send traffic to loopback only.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeProvider {
  baseUrl: string;
  hostPort: string;
  key: string;
  requests: number;
  close(): Promise<void>;
}

export async function startFakeProvider(
  key = `sk-fake-${Math.random().toString(36).slice(2)}${Date.now()}`,
): Promise<FakeProvider> {
  const state = { requests: 0 };
  const server = http.createServer((req, res) => {
    state.requests++;
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      if (req.headers.authorization !== `Bearer ${key}`) {
        res
          .writeHead(401, { 'content-type': 'application/json' })
          .end('{"error":{"message":"invalid api key"}}');
        return;
      }
      if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"not found"}}');
        return;
      }
      const model = (() => {
        try {
          return JSON.parse(body).model ?? 'fake';
        } catch {
          return 'fake';
        }
      })();
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          id: 'chatcmpl-fake',
          object: 'chat.completion',
          model,
          choices: [{ index: 0, message: { role: 'assistant', content: 'pong' }, finish_reason: 'length' }],
          usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
        }),
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    hostPort: `127.0.0.1:${port}`,
    key,
    get requests() {
      return state.requests;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
