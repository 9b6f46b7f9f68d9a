import http from 'node:http';
import type { DocumentNode, GraphQLSchema, OperationDefinitionNode } from 'graphql';
import { IDENTITY_HEADER, signIdentity } from '@stockgraph/shared/auth';
import type { GatewayMetrics } from '../metrics/GatewayMetrics';
import { namesOperation, variablesCoerce, withinLimits, type FastPathRequest, type VariableLimits, type VettedOperation } from '../http/vettedOperation';
import { singleFetchSubgraph } from './singleFetch';

/** What Apollo learnt about one query text (of one operation): valid against the API schema, planned as one fetch to `url`. */
interface Learnt extends VettedOperation {
  subgraph: string;
  url: URL;
}

export interface PassThroughOptions {
  /** subgraph name → URL in use (the gateway's data sources fill it) */
  subgraphs: ReadonlyMap<string, string>;
  signingSecret: string;
  limits: VariableLimits;
  timeoutMs: number;
  /** query texts remembered; beyond this, new ones go through Apollo as before */
  maxOperations?: number;
  metrics?: GatewayMetrics | null;
}

/** answers at most this big are passed through; a bigger one is Apollo's */
const MAX_ANSWER_BYTES = 8 * 1024 * 1024;

/**
 * The pass-through for single-fetch queries. Apollo answers the first request of a query text
 * (parsing, validating against the API schema, the limits, the safelist, planning); when the plan
 * is one fetch to one subgraph, `learn` remembers the text. A later request with the same text,
 * once authenticated and admitted by the rate limiter, with variables that coerce against the API
 * schema and stay within the list-size and cost limits, is sent to that subgraph as written with
 * the signed identity, and the subgraph's bytes are the answer (less any top-level extensions).
 * Anything else returns false and Apollo answers as before: an unknown text, a refusal of any
 * kind, and also a subgraph answer that is not clean data (errors, a non-200, no answer):
 * queries change nothing, so Apollo asks again and masks the errors its way.
 */
export class PassThrough {
  private readonly learnt = new Map<string, Learnt | null>();
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

  constructor(private readonly o: PassThroughOptions) {}

  /** Called with each plan Apollo makes (experimental_didResolveQueryPlan). */
  learn(source: string | undefined, schema: GraphQLSchema, document: DocumentNode | undefined, operation: OperationDefinitionNode, plan: object): void {
    if (source === undefined || document === undefined) return;
    const key = source;
    if (this.learnt.has(key) || this.learnt.size >= (this.o.maxOperations ?? 1000)) return;
    const subgraph = singleFetchSubgraph(plan, document, operation);
    const url = subgraph ? this.o.subgraphs.get(subgraph) : undefined;
    this.learnt.set(key, subgraph && url ? { subgraph, url: new URL(url), schema, document, operation } : null);
  }

  /** true: answered (the response is sent); false: Apollo's to answer, nothing was written */
  async answer(r: FastPathRequest): Promise<boolean> {
    const b = r.plain;
    if (!b) return false;
    const op = this.learnt.get(b.query);
    // one operation in the text (singleFetch.ts): a name, when given, must be its name
    if (!op || !namesOperation(b, op)) return false;
    const admitted = await r.admit().catch(() => null);
    if (!admitted || admitted.wait > 0) return false;
    if (!variablesCoerce(op, b.variables) || !withinLimits(op, b.variables, this.o.limits)) return false;

    const headers: Record<string, string> = {
      'content-type': 'application/json',
      [IDENTITY_HEADER]: signIdentity(admitted.identity, this.o.signingSecret, Date.now()),
      'x-request-id': r.requestId,
    };
    if (r.accept) headers.accept = r.accept;
    const answer = await this.send(op.url, headers, r.rawJson).catch((err: unknown) => {
      r.logger.warn({ subgraph: op.subgraph, err: (err as Error).message }, 'pass-through request failed; Apollo answers');
      return null;
    });
    const body = answer?.status === 200 ? cleanData(answer.body) : null;
    if (!answer || !body) {
      this.o.metrics?.observePassThrough('fallback');
      return false;
    }
    r.state.clientId = admitted.identity.clientId;
    r.state.operationName = b.operationName ?? op.operation.name?.value ?? null;
    r.state.operationType = 'query';
    r.res.writeHead(200, { 'content-type': answer.contentType ?? 'application/json; charset=utf-8', 'x-passthrough': op.subgraph });
    r.res.end(body);
    this.o.metrics?.observePassThrough('answered');
    return true;
  }

  close(): void {
    this.agent.destroy();
  }

  private send(url: URL, headers: Record<string, string>, body: string): Promise<{ status: number; contentType: string | undefined; body: Buffer }> {
    return new Promise((resolve, reject) => {
      const req = http.request(url, { method: 'POST', agent: this.agent, headers: { ...headers, 'content-length': Buffer.byteLength(body) }, timeout: this.o.timeoutMs }, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > MAX_ANSWER_BYTES) res.destroy(new Error('answer too big to pass through'));
          else chunks.push(c);
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: res.headers['content-type'], body: Buffer.concat(chunks) }));
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error(`no answer within ${this.o.timeoutMs} ms`)));
      req.on('error', reject);
      req.end(body);
    });
  }
}

/**
 * The answer as the client gets it when it is data and no errors: byte for byte, or without its
 * top-level `extensions` (a subgraph's traces: the gateway never passes them on). Null when it
 * has errors (Apollo's to mask) or is not GraphQL data at all.
 */
function cleanData(body: Buffer): Buffer | null {
  if (body.subarray(0, 9).toString('latin1') !== '{"data":{' || body.includes('"errors"')) return null;
  if (!body.includes('"extensions"')) return body;
  try {
    const { data, ...rest } = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
    return Object.keys(rest).every((k) => k === 'extensions') ? Buffer.from(JSON.stringify({ data })) : null;
  } catch {
    return null;
  }
}
