import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';

/*
 * A redis-server of a test's own, with the append-only file synced on every write, that the test
 * can kill -9 and start again on the same port and directory: what a crashed and restarted Redis
 * looks like to the stack.
 */

const REDIS_SERVER = '/usr/bin/redis-server';

export interface RedisProcess {
  url: string;
  port: number;
  dir: string;
  pid(): number | null;
  /** SIGKILL, then waits until the process is gone */
  kill9(): Promise<void>;
  /** starts it again on the same port and directory; resolves once it answers PING (AOF loaded) */
  restart(): Promise<void>;
  /** kills the process and deletes its directory */
  cleanup(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function waitForPong(port: number, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const probe = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 500 });
    probe.on('error', () => undefined);
    try {
      await probe.connect();
      if ((await probe.ping()) === 'PONG') return;
    } catch {
      // not up yet, or still loading the AOF
    } finally {
      probe.disconnect();
    }
    if (Date.now() > until) throw new Error(`redis-server on port ${port} did not answer PING`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function startRedisProcess(): Promise<RedisProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'sg-crash-redis-'));
  const port = await freePort();
  let child: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();
  const launch = async () => {
    const c = spawn(REDIS_SERVER, [
      '--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '',
      '--appendonly', 'yes', '--appendfsync', 'always', '--maxmemory-policy', 'noeviction', '--protected-mode', 'no',
    ], { stdio: 'ignore' });
    child = c;
    exited = new Promise((resolve) => c.once('exit', () => resolve()));
    await waitForPong(port);
  };
  const kill9 = async () => {
    const c = child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    c.kill('SIGKILL');
    await exited;
  };
  await launch();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    dir,
    pid: () => (child as ChildProcess | null)?.pid ?? null,
    kill9,
    restart: launch,
    async cleanup() {
      await kill9();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
