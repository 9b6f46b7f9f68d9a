import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger, type Logger } from '@stockgraph/shared';
import { ZodError } from 'zod';
import { Rng } from '../generator/Rng';
import type { SystemName, World } from '../generator/World';
import { CallCounter } from './CallCounter';
import { FaultSwitch, type Faults } from './FaultSwitch';
import { HttpError, badRequest } from './HttpError';
import { DEFAULT_MAX_BODY_BYTES, readBody, readJson } from './readBody';
import { jsonReply, type Reply } from './Reply';
import { Router } from './Router';

export interface SimServerOptions {
  logger?: Logger;
  /** request body cap; larger bodies get 413 */
  maxBodyBytes?: number;
}

/** The made-up internals a "real" legacy system leaks in its 500 pages. */
const LEAKY_HOSTS: Record<SystemName, string> = { ERP: '10.1.2.3', WMS: '10.1.4.17', POS: '10.2.0.9', OMS: '10.3.8.21' };

/**
 * One legacy system on plain node:http: a router, the admin routes every simulator shares,
 * and the fault switch in front of every non-admin route. Subclasses add their own routes and
 * keep their own mutable copy of the world, rebuilt by resetState().
 */
export abstract class SimServer {
  protected readonly router = new Router();
  readonly faults: FaultSwitch;
  readonly calls = new CallCounter();
  protected readonly log: Logger;
  protected readonly maxBodyBytes: number;
  private server: http.Server | null = null;
  private closing = false;
  private readonly sleepers = new Set<() => void>();
  private baseUrl: string | null = null;

  protected constructor(readonly system: SystemName, protected readonly world: World, opts: SimServerOptions = {}) {
    this.faults = new FaultSwitch(new Rng(world.options.seed, `${system}:faults`));
    this.log = (opts.logger ?? createLogger('simulators')).child({ system });
    this.maxBodyBytes = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    this.router
      .get('/admin/health', () => jsonReply(200, { ok: true, system }))
      .get('/admin/faults', () => jsonReply(200, this.faults.current))
      .put('/admin/faults', async ({ req }) => jsonReply(200, this.setFaults((await this.readJson(req)) as Partial<Faults>)))
      .post('/admin/reset', () => {
        this.reset();
        return jsonReply(200, { ok: true });
      })
      .get('/admin/calls', () => jsonReply(200, this.calls.snapshot()));
  }

  /** Rebuilds this system's state from the world (and stops whatever it had running). */
  protected abstract resetState(): void;

  /** Renders a refusal in the system's dialect; JSON `{error, message}` unless overridden. */
  protected errorReply(err: HttpError, _path: string): Reply {
    return jsonReply(err.status, { error: err.code, message: err.message }, err.headers);
  }

  /** Timers and pushes to stop when the server closes. */
  protected onClose(): void {}

  get url(): string {
    if (!this.baseUrl) throw new Error(`${this.system} simulator is not started`);
    return this.baseUrl;
  }

  setFaults(patch: Partial<Faults>): Faults {
    return this.faults.set(patch ?? {});
  }

  /** Back to the seeded state: data, faults and call counts. */
  reset(): void {
    this.faults.reset();
    this.calls.reset();
    this.resetState();
  }

  async start(port = 0, host = '127.0.0.1'): Promise<{ url: string }> {
    if (this.server) throw new Error(`${this.system} simulator already started`);
    this.closing = false;
    const server = http.createServer((req, res) => void this.handle(req, res));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    const addr = server.address() as AddressInfo;
    const shownHost = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
    this.baseUrl = `http://${shownHost}:${addr.port}`;
    this.log.info({ url: this.baseUrl }, 'simulator listening');
    return { url: this.baseUrl };
  }

  async close(): Promise<void> {
    this.closing = true;
    this.onClose();
    for (const wake of [...this.sleepers]) wake();
    const server = this.server;
    this.server = null;
    this.baseUrl = null;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  protected readBody(req: IncomingMessage): Promise<Buffer> {
    return readBody(req, this.maxBodyBytes);
  }

  protected readJson(req: IncomingMessage): Promise<unknown> {
    return readJson(req, this.maxBodyBytes);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let path = '/';
    try {
      // origin-form only: '//x/y' must stay a path, not become a host
      const raw = req.url ?? '/';
      const url = new URL(raw.startsWith('/') ? `http://simulator${raw}` : raw, 'http://simulator');
      path = url.pathname.replace(/\/{2,}/g, '/');
      const isAdmin = path === '/admin' || path.startsWith('/admin/');
      if (!isAdmin) {
        this.calls.record(path);
        const f = this.faults.current;
        if (f.down) {
          req.socket.destroy();
          return;
        }
        const delay = this.faults.delayMs();
        if (delay > 0) await this.sleep(delay);
        if (this.closing) {
          req.socket.destroy();
          return;
        }
        if (this.faults.shouldFail()) {
          const leak = { debug: `${this.system} host ${LEAKY_HOSTS[this.system]} stack at Handler.process (/opt/${this.system.toLowerCase()}/lib/core.js:4711:13) user=svc_${this.system.toLowerCase()}` };
          return this.write(res, jsonReply(500, leak));
        }
      }
      const match = this.router.match(req.method ?? 'GET', path);
      if (match.kind === 'none') throw new HttpError(404, 'not_found', `no route for ${path}`);
      if (match.kind === 'wrong-method') {
        throw new HttpError(405, 'method_not_allowed', `${req.method} not allowed`, { allow: match.allowed.join(', ') });
      }
      this.write(res, await match.handler({ req, path, params: match.params, query: url.searchParams }));
    } catch (err) {
      this.write(res, this.errorReply(this.toHttpError(err, path), path));
    }
  }

  private toHttpError(err: unknown, path: string): HttpError {
    if (err instanceof HttpError) return err;
    if (err instanceof ZodError) return badRequest(err.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '), 'invalid_request');
    this.log.error({ err, path }, 'simulator handler failed');
    return new HttpError(500, 'internal_error', 'internal error');
  }

  private write(res: ServerResponse, reply: Reply): void {
    if (res.headersSent || res.destroyed) return;
    const body = reply.body ?? '';
    const headers: Record<string, string | number> = { 'content-length': Buffer.byteLength(body), ...reply.headers };
    if (reply.contentType) headers['content-type'] = reply.contentType;
    res.writeHead(reply.status, headers);
    res.end(body);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.sleepers.add(wake);
    });
  }
}
