/**
 * The one port in front of several gateways (`npm run start:scaled`): each request goes to the
 * next gateway in turn, proxied by http-proxy-3 (streams both ways, keep-alive to the gateways,
 * appends the caller's address to X-Forwarded-For, which the gateways read because this
 * balancer is their trusted proxy). A deployment puts its own load balancer here instead.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createProxyServer } from 'http-proxy-3';

export interface Balancer {
  url: string;
  port: number;
  /** requests sent to each target so far, in the order of the targets */
  sent: number[];
  /** the last proxy failures (answered 502), newest last */
  failures: { target: string; error: string }[];
  close(): Promise<void>;
}

export async function startBalancer(o: { targets: string[]; port?: number; host?: string }): Promise<Balancer> {
  if (o.targets.length === 0) throw new RangeError('a balancer needs at least one target');
  const origins = o.targets.map((t) => new URL(t).origin);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const proxy = createProxyServer({ xfwd: true, agent, proxyTimeout: 60_000 });
  const sent = origins.map(() => 0);
  const failures: Balancer['failures'] = [];
  let turn = 0;
  const server = http.createServer((req, res) => {
    const i = turn;
    turn = (turn + 1) % origins.length;
    sent[i]! += 1;
    proxy.web(req, res, { target: origins[i] }, (err) => {
      failures.push({ target: origins[i]!, error: `${(err as NodeJS.ErrnoException).code ?? ''} ${err.message}`.trim() });
      if (failures.length > 100) failures.shift();
      if (res.headersSent) return void res.destroy();
      res.writeHead(502, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ errors: [{ message: 'The gateway did not answer.', extensions: { code: 'BAD_GATEWAY' } }] }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, o.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${o.host ?? '127.0.0.1'}:${port}/graphql`,
    port,
    sent,
    failures,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };
}
