import net from 'node:net';

/*
 * A TCP pass-through in front of Redis that can lose one reply: the command reaches Redis and
 * runs, then the connection drops before its answer gets back, as when Redis is killed right
 * after the write was made durable, or the network cuts at that moment. What the client does
 * next (resend the command on reconnect) is what the tests look at.
 */

export interface RedisProxy {
  url: string;
  /**
   * The next request on any connection whose bytes contain every one of `needles` is forwarded,
   * and the connection is cut when Redis answers it, the answer unsent. Resolves once it happened.
   */
  dropReplyTo(needles: string[]): Promise<void>;
  close(): Promise<void>;
}

export async function startRedisProxy(target: { host?: string; port: number }): Promise<RedisProxy> {
  const sockets = new Set<net.Socket>();
  let armed: { needles: string[]; fired: () => void } | null = null;
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host ?? '127.0.0.1');
    sockets.add(client);
    sockets.add(upstream);
    let dropNext: (() => void) | null = null;
    const cut = () => { client.destroy(); upstream.destroy(); };
    client.on('data', (chunk) => {
      const text = chunk.toString('latin1');
      if (armed && armed.needles.every((n) => text.includes(n))) {
        dropNext = armed.fired;
        armed = null;
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      if (dropNext) {
        const fired = dropNext;
        dropNext = null;
        cut();
        fired();
        return;
      }
      client.write(chunk);
    });
    for (const s of [client, upstream]) {
      s.on('error', () => undefined);
      s.on('close', () => { sockets.delete(s); cut(); });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `redis://127.0.0.1:${port}`,
    dropReplyTo: (needles) => new Promise<void>((resolve) => { armed = { needles, fired: resolve }; }),
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
