import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HeaderMap, type ApolloServer, type BaseContext, type ContextFunction } from '@apollo/server';
import { ErrorCode } from '../errors';
import { withRequestId } from '../logger';

/** An extra HTTP route beside /graphql (health, webhooks, metrics). */
export type Route = (req: IncomingMessage, res: ServerResponse, body: string) => Promise<void> | void;

export interface GraphQLHttpServerOptions<C extends BaseContext> {
  apollo: ApolloServer<C>;
  context: ContextFunction<[{ req: IncomingMessage; body: string }], C>;
  /** `METHOD /path` → handler; `GET /health` is always there */
  routes?: Record<string, Route>;
  maxBodyBytes?: number;
  port?: number;
  host?: string;
}

export interface RunningServer { url: string; port: number; server: http.Server; close(): Promise<void> }

export class BodyTooLargeError extends Error {}

/** Reads a request body up to a limit; past it the request is refused with 413 before parsing. */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > maxBytes) return reject(new BodyTooLargeError());
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > maxBytes) {
        req.removeAllListeners('data');
        req.resume();
        reject(new BodyTooLargeError());
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const s = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(s), ...headers });
  res.end(s);
}

/**
 * Serves an Apollo Server on plain node:http: the one HTTP adapter of the subgraphs. JSON bodies
 * only, a body cap, and routes beside /graphql; Apollo's own request pipeline does the rest.
 */
export async function startGraphQLHttpServer<C extends BaseContext>(opts: GraphQLHttpServerOptions<C>): Promise<RunningServer> {
  const maxBody = opts.maxBodyBytes ?? 1_000_000;
  const routes: Record<string, Route> = {
    'GET /health': (_req, res) => sendJson(res, 200, { status: 'ok' }),
    ...opts.routes,
  };
  await opts.apollo.start();
  // The gateway's signed identity carries a partner's assortment (its SKU ids): larger than
  // Node's 16 kB header default for big assortments. Only the gateway, which bounds it, talks to us.
  const server = http.createServer({ maxHeaderSize: 1 << 20 }, (req, res) => withRequestId(headerValue(req.headers['x-request-id']), () => handle(req, res)));
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      const url = new URL(req.url ?? '/', 'http://local');
      const route = routes[`${req.method} ${url.pathname}`];
      let body = '';
      if (req.method !== 'GET' && req.method !== 'HEAD') body = await readBody(req, maxBody);
      if (route) return await route(req, res, body);
      if (url.pathname !== '/graphql' && url.pathname !== '/') return sendJson(res, 404, { error: 'not found' });
      const headers = new HeaderMap();
      for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
      let parsed: unknown = undefined;
      if (body) {
        try {
          parsed = JSON.parse(body);
        } catch {
          return sendJson(res, 400, { errors: [{ message: 'Request body is not valid JSON', extensions: { code: ErrorCode.BAD_REQUEST } }] });
        }
      }
      const response = await opts.apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: (req.method ?? 'GET').toUpperCase(), headers, search: url.search, body: parsed },
        context: () => opts.context({ req, body }),
      });
      for (const [k, v] of response.headers) res.setHeader(k, v);
      res.statusCode = response.status ?? 200;
      if (response.body.kind === 'complete') return void res.end(response.body.string);
      for await (const chunk of response.body.asyncIterator) res.write(chunk);
      res.end();
    } catch (err) {
      if (err instanceof BodyTooLargeError) return sendJson(res, 413, { errors: [{ message: 'Request body too large', extensions: { code: ErrorCode.PAYLOAD_TOO_LARGE } }] });
      if (!res.headersSent) sendJson(res, 500, { errors: [{ message: 'Internal server error', extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } }] });
      else res.end();
    }
  };
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const host = opts.host && opts.host !== '0.0.0.0' ? opts.host : '127.0.0.1';
  return {
    url: `http://${host}:${port}/graphql`,
    port,
    server,
    async close() {
      server.closeAllConnections?.();
      await new Promise<void>((r) => server.close(() => r()));
      await opts.apollo.stop();
    },
  };
}

/** The gateway's request id as sent (one value, bounded); none when absent. */
function headerValue(v: string | string[] | undefined): string | undefined {
  const one = Array.isArray(v) ? v[0] : v;
  return one && one.length <= 128 ? one : undefined;
}
