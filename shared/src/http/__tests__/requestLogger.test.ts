import { parse } from 'graphql';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { IDENTITY_HEADER, signIdentity, type Identity } from '../../auth';
import { createLogger, requestLogger, type Logger } from '../../logger';
import { startSubgraph } from '../startSubgraph';
import type { RunningServer } from '../graphqlHttpServer';

const SECRET = 'request-logger-test-secret-0123456789abcdef';
const identity: Identity = { clientId: 'test', channel: null, partnerId: null, assortment: null, scopes: [], anonymous: false };

const raw: string[] = [];
/** A root logger from createLogger, writing JSON lines into `lines` (and the raw text into `raw`). */
function capturingLogger(lines: Record<string, unknown>[]): Logger {
  const sink = { write(chunk: string) { for (const l of chunk.split('\n')) if (l) { raw.push(l); lines.push(JSON.parse(l)); } } };
  return createLogger('test', 'info', { destination: sink });
}

describe('request ids in subgraph logs', () => {
  const lines: Record<string, unknown>[] = [];
  let server: RunningServer;
  beforeAll(async () => {
    // as the apps do: the logger handed to startSubgraph (and to services) already names the subgraph
    const logger = capturingLogger(lines).child({ subgraph: 'test' });
    // a service made at start-up, logging with its own (process) logger while serving a request
    const service = { logger: logger.child({ component: 'service' }), work() { this.logger.info('service line'); return 'done'; } };
    const schema = buildSubgraphSchema([{
      typeDefs: parse('type Query { work: String, fail: String }'),
      resolvers: {
        Query: {
          work: (_: unknown, __: unknown, ctx: { logger: Logger }) => { ctx.logger.info('resolver line'); return service.work(); },
          fail: () => { throw new Error('boom'); },
        },
      },
    }]);
    server = await startSubgraph({ name: 'test', schema, identitySecret: SECRET, logger, context: () => ({ logger }) });
  });
  afterAll(() => server.close());

  const ask = (query: string, requestId: string) => fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-request-id': requestId, [IDENTITY_HEADER]: signIdentity(identity, SECRET) },
    body: JSON.stringify({ query }),
  }).then((r) => r.json());

  it('every line a request writes carries the gateway\'s request id: its context logger, a service\'s own, the error log', async () => {
    lines.length = 0;
    raw.length = 0;
    await Promise.all([ask('{ work }', 'req-A'), ask('{ work }', 'req-B'), ask('{ fail }', 'req-C')]);
    const byMsg = (msg: string) => lines.filter((l) => l.msg === msg).map((l) => l.requestId).sort();
    expect(byMsg('resolver line')).toEqual(['req-A', 'req-B']);
    expect(byMsg('service line')).toEqual(['req-A', 'req-B']);
    expect(byMsg('resolver error')).toEqual(['req-C']);
    // the id and the subgraph's name appear once per line, not written by both a child and the line
    for (const l of raw) expect(l.split('"requestId"').length - 1).toBeLessThanOrEqual(1);
    for (const l of raw) expect(l.split('"subgraph"').length - 1).toBe(1);
  });

  it('outside a request a logger writes no request id, and requestLogger is the logger itself', () => {
    const logger = capturingLogger(lines);
    lines.length = 0;
    logger.info('start-up line');
    expect(lines[0]).not.toHaveProperty('requestId');
    expect(requestLogger(logger)).toBe(logger);
  });
});
