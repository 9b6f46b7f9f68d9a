import { GraphQLError } from 'graphql';
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { FetcherResponse } from '@apollo/utils.fetcher';
import { IDENTITY_HEADER, READ_THROUGH_HEADER, signIdentity, type IdentityJwtSigner } from '@stockgraph/shared/auth';
import { ErrorCode, type Logger } from '@stockgraph/shared';
import { isInternalHeader } from '../auth/internalHeaders';
import type { GatewayContext } from '../GatewayContext';
import type { GatewayMetrics } from '../metrics/GatewayMetrics';
import { SubgraphReplicas } from './SubgraphReplicas';

export interface IdentityDataSourceOptions {
  name: string;
  /** one URL, or several replicas' separated by commas (called in turn) */
  url: string;
  signingSecret: string;
  /** when set, the identity goes as a bearer JWT this signs, not as the HMAC header */
  jwtSigner?: IdentityJwtSigner | null;
  fetcher: RemoteGraphQLDataSource['fetcher'];
  logger: Logger;
  metrics: GatewayMetrics | null;
}

/**
 * The gateway's one way to a subgraph: drops any internal header, adds the signed identity and
 * the request id, and turns a non-2xx answer into an error that carries neither the subgraph's
 * URL nor its body (those go to the log).
 */
/** One signature per request, whatever the number of subgraph calls its plan makes. */
const signedFor = new WeakMap<object, string>();
const tokenFor = new WeakMap<object, Promise<string>>();

export class IdentityDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  private readonly opts: IdentityDataSourceOptions;

  constructor(opts: IdentityDataSourceOptions) {
    const replicas = new SubgraphReplicas(opts.url);
    super({ url: replicas.urls[0], fetcher: replicas.fetcher(opts.fetcher) });
    this.opts = opts;
  }

  override async willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<void> {
    const headers = request.http!.headers;
    const internal = [...headers].map(([name]) => name).filter(isInternalHeader);
    for (const name of internal) headers.delete(name);
    headers.delete('authorization');
    const signer = this.opts.jwtSigner;
    if (context?.identity && signer) {
      let token = tokenFor.get(context);
      if (!token) {
        token = signer.sign(context.identity);
        tokenFor.set(context, token);
      }
      headers.set('authorization', `Bearer ${await token}`);
    } else if (context?.identity) {
      let signed = signedFor.get(context);
      if (!signed) {
        signed = signIdentity(context.identity, this.opts.signingSecret, Date.now());
        signedFor.set(context, signed);
      }
      headers.set(IDENTITY_HEADER, signed);
    }
    if (context?.requestId) headers.set('x-request-id', context.requestId);
    const readThrough = context?.state.cache?.readThrough;
    if (readThrough?.length) headers.set(READ_THROUGH_HEADER, readThrough.join(','));
  }

  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>) {
    const started = process.hrtime.bigint();
    let outcome = 'ok';
    try {
      const response = await super.process(options);
      if (response.errors?.length) outcome = 'errors';
      return response;
    } catch (err) {
      outcome = 'failed';
      (options.context?.logger ?? this.opts.logger).warn(
        { subgraph: this.opts.name, err: (err as Error).message },
        'subgraph request failed',
      );
      throw err;
    } finally {
      this.opts.metrics?.observeSubgraph(this.opts.name, outcome, Number(process.hrtime.bigint() - started) / 1e9);
    }
  }

  override async errorFromResponse(response: FetcherResponse): Promise<GraphQLError> {
    const body = await response.text().catch(() => '');
    this.opts.logger.warn({ subgraph: this.opts.name, status: response.status, body: body.slice(0, 2000) }, 'subgraph answered with an HTTP error');
    const code = response.status === 401 ? ErrorCode.UNAUTHENTICATED : response.status === 403 ? ErrorCode.FORBIDDEN : ErrorCode.SUBGRAPH_HTTP_ERROR;
    return new GraphQLError(`Subgraph "${this.opts.name}" answered HTTP ${response.status}.`, { extensions: { code } });
  }
}
