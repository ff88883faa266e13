// A loopback TCP proxy that adds a round-trip time: every chunk is delayed by half the RTT in
// each direction, and a new connection by a whole RTT before its first byte goes through (the
// TCP handshake a real network charges). Counts connections and request turns (a client chunk
// after the server has answered), so a bench can see what keep-alive and batching save.
import net from 'node:net';

export interface LatencyProxy {
  url: string;
  port: number;
  stats: { connections: number; turns: number };
  close(): Promise<void>;
}

/** Writes every chunk `delayMs` later, in order (equal timeouts fire in the order they were set). */
function delayedPipe(from: net.Socket, to: net.Socket, delayMs: number, onChunk: () => void): void {
  from.on('data', (chunk) => {
    onChunk();
    if (delayMs <= 0) return void to.write(chunk);
    setTimeout(() => to.writable && to.write(chunk), delayMs);
  });
  from.on('end', () => setTimeout(() => to.end(), delayMs));
}

export async function startLatencyProxy(opts: {
  target: number;
  rttMs: number;
  port?: number;
  host?: string;
}): Promise<LatencyProxy> {
  const host = opts.host ?? '127.0.0.1';
  const half = opts.rttMs / 2;
  const stats = { connections: 0, turns: 0 };
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    stats.connections++;
    const upstream = net.connect(opts.target, host);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.setNoDelay(true);
      s.on('close', () => sockets.delete(s));
      // One side gone: drop the other (after the same delay, so a response in flight lands).
      s.on('error', () => undefined);
    }
    client.on('close', () => setTimeout(() => upstream.destroy(), half));
    upstream.on('close', () => setTimeout(() => client.destroy(), half));
    // The handshake: the client may already be sending; hold its bytes for one RTT.
    client.pause();
    setTimeout(() => client.resume(), opts.rttMs);
    let answered = true;
    delayedPipe(client, upstream, half, () => {
      if (answered) stats.turns++;
      answered = false;
    });
    delayedPipe(upstream, client, half, () => (answered = true));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, resolve);
  });
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `http://${host}:${port}`,
    port,
    stats,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
