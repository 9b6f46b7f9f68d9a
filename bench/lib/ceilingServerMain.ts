/**
 * The ceiling: the least work that can answer "how many of this SKU can I sell?" from the same
 * Redis data — a bare node:http handler, one HGETALL of the SKU's positions hash, the shared
 * position codec, a sum. No GraphQL, no auth, no channel policy, no geo: what is left between
 * our gateway and this is the price of everything else.
 */
import http from 'node:http';
import { z } from 'zod';
import { availableToSell } from '@stockgraph/shared/domain';
import { env, parseEnv } from '@stockgraph/shared/config';
import { ledgerKeys } from '@stockgraph/shared/ledger';
import { unpackPosition } from '@stockgraph/shared/ledger';
import { createRedisClient } from '@stockgraph/shared/redis';

const config = parseEnv(z.object({
  PORT: env.port(4200),
  HOST: z.string().default('127.0.0.1'),
  REDIS_URL: env.url(),
  KEY_PREFIX: z.string(),
}));

const redis = createRedisClient(config.REDIS_URL);
const keys = ledgerKeys(config.KEY_PREFIX);

const server = http.createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://local');
  if (url.pathname === '/health') return void res.writeHead(200).end('ok');
  const sku = url.searchParams.get('sku');
  if (!sku) return void res.writeHead(400).end();
  redis.hgetall(keys.positions(sku)).then((hash) => {
    let total = 0;
    let asOf = 0;
    for (const [loc, packed] of Object.entries(hash)) {
      const p = unpackPosition(sku, loc, packed);
      total += availableToSell(p);
      if (p.asOf > asOf) asOf = p.asOf;
    }
    const body = JSON.stringify({ sku, availableToSell: total, asOf });
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
  }, () => void res.writeHead(500).end());
});
server.listen(config.PORT, config.HOST);
const stop = () => {
  server.close();
  server.closeAllConnections();
  void redis.quit().finally(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
