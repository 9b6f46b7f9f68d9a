import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer } from '@apollo/server';
import type { Logger } from '@stockgraph/shared';
import { rateLimited } from '../auth/authErrors';
import type { Authenticator } from '../auth/authenticate';
import { isInternalHeader } from '../auth/internalHeaders';
import type { RateLimiter } from '../rateLimit/RateLimiter';
import type { BucketFor } from '../rateLimit/rateLimitBucket';
import type { GatewayContext, RequestState } from '../GatewayContext';
import { parseContentType } from './parseContentType';
import { isLegacyJsonRequestError } from './legacyJsonStatus';
import { readBody } from './readBody';
import { sendGraphQLError } from './sendJson';
import type { CachedResponse } from '../cache/ResponseCache';
import type { WholeAnswers } from '../cache/WholeAnswers';
import { plainRequest } from './vettedOperation';
import type { Identity } from '@stockgraph/shared/auth';
import type { PassThrough } from '../passthrough/PassThrough';
import type { PositionAnswers } from '../cache/positionAnswers';

export interface GraphQLHandlerDeps {
  apollo: ApolloServer<GatewayContext>;
  authenticate: Authenticator;
  /** null: no rate limit */
  rateLimit: {
    limiter: RateLimiter;
    bucketFor: BucketFor;
    /** the end user's address (X-Forwarded-For only from trusted proxies) */
    clientAddress: (req: IncomingMessage) => string | undefined;
  } | null;
  maxBodyBytes: number;
  legacyJsonStatus200: boolean;
  /** the whole-answer cache (null: off) */
  wholeAnswers: WholeAnswers | null;
  /** single-fetch queries sent to their subgraph as written (null: off) */
  passthrough?: PassThrough | null;
  /** availability questions answered from the position cache, in front of Apollo (null: off) */
  positionAnswers?: PositionAnswers | null;
}

/**
 * Node's http → Apollo's executeHTTPGraphQLRequest. The adapter owns what Apollo leaves to the
 * web framework: the body (size cap → 413, JSON, charset), the methods (405), and the headers
 * (internal ones dropped before anything reads them). Apollo then applies CSRF prevention,
 * batching refusal and GET-only-for-queries; the context function authenticates and rate-limits.
 */
export async function handleGraphQL(
  req: IncomingMessage,
  res: ServerResponse,
  deps: GraphQLHandlerDeps,
  requestId: string,
  logger: Logger,
  state: RequestState,
): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase();
  if (method !== 'GET' && method !== 'POST') {
    return sendGraphQLError(res, 405, 'Only GET and POST are supported.', 'METHOD_NOT_ALLOWED', { allow: 'GET, POST' });
  }
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || isInternalHeader(name)) continue;
    headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }

  let body: unknown;
  let rawJson: string | null = null;
  if (method === 'POST') {
    const read = await readBody(req, deps.maxBodyBytes);
    if (!read.ok && read.reason === 'aborted') {
      res.destroy();
      return;
    }
    if (!read.ok) {
      return sendGraphQLError(res, 413, `Request body is larger than ${deps.maxBodyBytes} bytes.`, 'PAYLOAD_TOO_LARGE');
    }
    const contentType = parseContentType(headers.get('content-type'));
    if (contentType && (contentType.essence === 'application/json' || contentType.essence.endsWith('+json'))) {
      if (contentType.charset && !/^utf-?8$/.test(contentType.charset)) {
        return sendGraphQLError(res, 415, `Unsupported charset "${contentType.charset}"; send UTF-8.`, 'UNSUPPORTED_MEDIA_TYPE');
      }
      try {
        rawJson = read.body.toString('utf8');
        body = JSON.parse(rawJson);
      } catch {
        return sendGraphQLError(res, 400, 'Request body is not valid JSON.', 'BAD_REQUEST');
      }
    } else {
      // never parsed: Apollo refuses it (CSRF for simple content types, else "invalid Content-Type")
      body = read.body.toString('utf8');
    }
  }

  // the body as the cache and the fast paths take it, read once for all of them
  const plain = rawJson === null ? null : plainRequest(body);

  // who is asking, and whether they may, once (one rate-limit token, one refusal): the fast
  // paths need it before Apollo does
  let admission: Promise<{ identity: Identity; wait: number }> | null = null;
  const admit = () => (admission ??= (async () => {
    const identity = await deps.authenticate(headers, logger);
    const rl = deps.rateLimit;
    if (!rl) return { identity, wait: 0 };
    const { key, budget } = rl.bucketFor(identity, identity.anonymous ? rl.clientAddress(req) : undefined);
    return { identity, wait: await rl.limiter.take(key, budget) };
  })());
  const wholeAnswers = deps.wholeAnswers;
  if (wholeAnswers && rawJson !== null) {
    const a = await admit().catch(() => null); // a refusal is Apollo's to answer, below
    if (a && a.wait <= 0) {
      const answer = await wholeAnswers.lookup(a.identity, headers.get('accept'), rawJson, state, plain);
      if (answer) {
        state.clientId = a.identity.clientId;
        state.operationName = answer.operationName;
        state.operationType = 'query';
        res.writeHead(200, { ...answer.headers, 'content-type': answer.contentType, 'x-cache': 'HIT' });
        res.end(answer.body);
        return;
      }
    }
  }

  let kept: CachedResponse | undefined;
  try {
    const fromPositions = await answerFromPositions();
    kept = fromPositions ? fromPositions.kept : await answerWithApollo();
  } finally {
    // those waiting for this answer get it, or answer themselves
    wholeAnswers?.settle(state, kept);
  }

  /**
   * An availability question whose text Apollo has vetted, answered from the position cache in
   * front of Apollo; the whole-answer cache may keep it (`kept`). Null when it is not answered
   * that way (nothing was written).
   */
  async function answerFromPositions(): Promise<{ kept: CachedResponse | undefined } | null> {
    if (!deps.positionAnswers || rawJson === null) return null;
    const answer = await deps.positionAnswers.answer({ plain, rawJson, accept: headers.get('accept'), admit, requestId, state, res, logger });
    if (!answer) return null;
    res.statusCode = 200;
    for (const [name, value] of Object.entries(answer.headers)) res.setHeader(name, value);
    let stored: CachedResponse | undefined;
    if (wholeAnswers && state.cache) {
      state.cache.clean = true;
      res.setHeader('x-cache', 'MISS');
      stored = wholeAnswers.keep(state, 200, answer.body, (name) => answer.headers[name]);
    }
    res.end(answer.body);
    return { kept: stored };
  }

  /** Apollo's answer (or, for a single-fetch query no cache keeps, its subgraph's), sent; returns it when the whole-answer cache kept it. */
  async function answerWithApollo(): Promise<CachedResponse | undefined> {
    // a query the stock cache is not answering, planned before as one fetch, goes to its subgraph as written
    if (deps.passthrough && !state.cache && rawJson !== null) {
      const passed = await deps.passthrough.answer({ plain, rawJson, accept: headers.get('accept'), admit, requestId, state, res, logger });
      if (passed) return undefined;
    }
    const url = new URL(req.url ?? '/', 'http://gateway.invalid');
    const context = async (): Promise<GatewayContext> => {
      const { identity, wait } = await admit();
      if (wait > 0) {
        logger.warn({ clientId: identity.clientId, partnerId: identity.partnerId }, 'rate limited');
        throw rateLimited(wait);
      }
      state.clientId = identity.clientId;
      return { requestId, identity, logger, state };
    };

    const response = await deps.apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method, headers, search: url.search, body },
      context,
    });
    for (const [name, value] of response.headers) res.setHeader(name, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind !== 'complete') {
      for await (const chunk of response.body.asyncIterator) res.write(chunk);
      res.end();
      return undefined;
    }
    if (deps.legacyJsonStatus200 && res.statusCode === 400 && isLegacyJsonRequestError(headers.get('accept'), response.body.string)) {
      res.statusCode = 200;
    }
    let stored: CachedResponse | undefined;
    if (wholeAnswers && state.cache) {
      res.setHeader('x-cache', 'MISS');
      stored = wholeAnswers.keep(state, res.statusCode, response.body.string, (name) => response.headers.get(name));
    }
    res.end(response.body.string);
    return stored;
  }
}
