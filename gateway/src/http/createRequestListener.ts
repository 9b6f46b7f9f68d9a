import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Logger } from '@stockgraph/shared';
import type { GatewayMetrics } from '../metrics/GatewayMetrics';
import type { RequestState } from '../GatewayContext';
import { checkSubgraphs } from '../subgraphs/checkSubgraphs';
import { handleConsole, serveIde, type ConsoleDeps } from '../console/consoleRoutes';
import { handleGraphQL, type GraphQLHandlerDeps } from './handleGraphQL';
import { requestIdFrom } from './requestId';
import { sendGraphQLError, sendJson } from './sendJson';

export interface ListenerDeps extends GraphQLHandlerDeps {
  logger: Logger;
  metrics: GatewayMetrics | null;
  /** subgraph name → URL in use, filled as the gateway builds its data sources */
  subgraphs: ReadonlyMap<string, string>;
  signingSecret: string;
  probeTimeoutMs: number;
  /** false until the supergraph is loaded, false again once shutting down */
  isServing: () => boolean;
  /** the console and, in development, the IDE (null: off) */
  console: ConsoleDeps | null;
  /** the public key set subgraphs check the gateway's identity JWTs with (null: HMAC header) */
  jwks: { keys: object[] } | null;
}

const JWKS_PATH = '/.well-known/jwks.json';
const GET_ROUTES = new Set(['/health', '/ready', '/metrics', JWKS_PATH]);
/** `/` too, so `curl http://host:4000/` works as it does with Apollo's standalone server. */
const GRAPHQL_PATHS = new Set(['/graphql', '/']);

/** Routes: /graphql (and /), /console/*, /health, /ready, /metrics, /.well-known/jwks.json. One log line per request, with its request id. */
export function createRequestListener(deps: ListenerDeps): RequestListener {
  return (req, res) => {
    const started = process.hrtime.bigint();
    const requestId = requestIdFrom(req.headers['x-request-id']);
    const logger = deps.logger.child({ requestId });
    const state: RequestState = { operationName: null, operationType: null, errorCodes: new Set(), clientId: null };
    res.setHeader('x-request-id', requestId);
    res.setHeader('x-content-type-options', 'nosniff');
    const path = new URL(req.url ?? '/', 'http://gateway.invalid').pathname;

    route(req, res, path, requestId, logger, state)
      .catch((err: unknown) => {
        logger.error({ err }, 'request failed');
        if (!res.headersSent) sendGraphQLError(res, 500, 'Internal server error', 'INTERNAL_SERVER_ERROR');
        else res.destroy();
      })
      .finally(() => {
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        if (GRAPHQL_PATHS.has(path)) deps.metrics?.observeRequest(state.operationName, res.statusCode, seconds);
        logger.info(
          {
            method: req.method,
            path,
            status: res.statusCode,
            ms: Math.round(seconds * 1000),
            operationName: state.operationName,
            operationType: state.operationType,
            clientId: state.clientId,
            errorCodes: state.errorCodes.size ? [...state.errorCodes] : undefined,
          },
          'request',
        );
      });
  };

  async function route(req: IncomingMessage, res: ServerResponse, path: string, requestId: string, logger: Logger, state: RequestState) {
    if (GRAPHQL_PATHS.has(path)) {
      // a browser opening the URL in development gets the IDE, not a CSRF refusal
      if (deps.console?.mode === 'development' && req.method === 'GET' && wantsHtml(req) && !new URL(req.url ?? '/', 'http://gateway.invalid').searchParams.has('query') && serveIde(res, deps.console)) return;
      return handleGraphQL(req, res, deps, requestId, logger, state);
    }
    if (deps.console && (path === '/console' || path.startsWith('/console/'))) return handleConsole(req, res, path, deps.console, logger);
    if (!GET_ROUTES.has(path)) return sendJson(res, 404, { error: 'not found' });
    if (req.method !== 'GET') return sendJson(res, 405, { error: 'method not allowed' }, { allow: 'GET' });
    if (path === '/health') {
      return deps.isServing() ? sendJson(res, 200, { status: 'ok' }) : sendJson(res, 503, { status: 'unavailable' });
    }
    if (path === '/ready') {
      if (!deps.isServing()) return sendJson(res, 503, { status: 'not_ready', subgraphs: {} });
      const subgraphs = await checkSubgraphs(deps.subgraphs, deps.signingSecret, deps.probeTimeoutMs);
      const ready = Object.values(subgraphs).every((s) => s === 'ok');
      return sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : 'not_ready', subgraphs });
    }
    if (path === JWKS_PATH && deps.jwks) return sendJson(res, 200, deps.jwks, { 'cache-control': 'public, max-age=300' });
    if (path === '/metrics' && deps.metrics) {
      const { contentType, body } = await deps.metrics.render();
      res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' });
      res.end(body);
      return;
    }
    return sendJson(res, 404, { error: 'not found' });
  }
}

function wantsHtml(req: IncomingMessage): boolean {
  return /\btext\/html\b/.test(String(req.headers.accept ?? ''));
}
