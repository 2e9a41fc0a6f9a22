/**
 * A TCP proxy on 127.0.0.1 between the app and a backend (PostgreSQL, Redis) that a test can
 * cut and restore: the way to take a backend "away" without stopping the machine's real server,
 * which other test runs share.
 */
import net from 'node:net';

export type CutMode =
  /** Existing connections are reset and new ones are accepted and closed at once (server gone). */
  | 'reset'
  /** Existing connections are reset and new ones are accepted but never answered (network black hole). */
  | 'hang';

export interface TcpProxy {
  port: number;
  cut(mode?: CutMode): void;
  restore(): void;
  close(): Promise<void>;
}

/** `responseDelayMs`: every chunk from the backend reaches the client this much later (a slow link). */
export async function startTcpProxy(target: { host: string; port: number }, opts: { responseDelayMs?: number } = {}): Promise<TcpProxy> {
  let mode: CutMode | 'open' = 'open';
  const sockets = new Set<net.Socket>();
  const hung = new Set<net.Socket>();
  const track = (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => {});
  };
  const server = net.createServer((client) => {
    track(client);
    if (mode === 'reset') {
      client.destroy();
      return;
    }
    if (mode === 'hang') {
      hung.add(client);
      return;
    }
    const upstream = net.connect(target.port, target.host);
    track(upstream);
    client.pipe(upstream);
    const delay = opts.responseDelayMs ?? 0;
    // The same delay for every chunk: the timers fire in order, so the stream stays in order.
    if (delay > 0)
      upstream.on('data', (chunk) => {
        setTimeout(() => {
          if (!client.destroyed) client.write(chunk);
        }, delay);
      });
    else upstream.pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => {
      if (delay > 0) setTimeout(() => client.destroy(), delay);
      else client.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const dropAll = () => {
    for (const s of sockets) s.resetAndDestroy();
  };
  return {
    port: (server.address() as net.AddressInfo).port,
    cut(m: CutMode = 'reset') {
      mode = m;
      dropAll();
    },
    restore() {
      mode = 'open';
      // Connections accepted during a black hole were never forwarded: end them so clients retry.
      for (const s of hung) s.destroy();
      hung.clear();
    },
    async close() {
      dropAll();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Polls `check` until it stops throwing; recovery takes a reconnect, not a fixed time. */
export async function eventually<T>(check: () => Promise<T>, { tries = 150, intervalMs = 100 } = {}): Promise<T> {
  let last: unknown;
  for (let i = 0; i < tries; i++) {
    try {
      return await check();
    } catch (err) {
      last = err;
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  }
  throw last;
}
