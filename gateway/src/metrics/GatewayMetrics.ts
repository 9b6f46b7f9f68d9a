import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

const SAFE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const MAX_OPERATION_LABELS = 200;

/**
 * Prometheus metrics of one gateway (its own registry, so several gateways in one test process
 * do not collide). Operation names come from clients, so they are labels only while they look
 * like names and only up to MAX_OPERATION_LABELS distinct ones: a client cannot blow up the
 * series count.
 */
export class GatewayMetrics {
  readonly registry = new Registry();
  private readonly seen = new Set<string>();
  private readonly requests = new Counter({
    name: 'gateway_graphql_requests_total',
    help: 'GraphQL requests by operation name and HTTP status',
    labelNames: ['operation', 'status'],
    registers: [this.registry],
  });
  private readonly latency = new Histogram({
    name: 'gateway_graphql_request_duration_seconds',
    help: 'GraphQL request latency by operation name',
    labelNames: ['operation'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  private readonly subgraphLatency = new Histogram({
    name: 'gateway_subgraph_request_duration_seconds',
    help: 'Subgraph fetch latency by subgraph and outcome',
    labelNames: ['subgraph', 'outcome'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  private readonly passThrough = new Counter({
    name: 'gateway_passthrough_total',
    help: 'Single-fetch queries sent to their subgraph as written: answered (its bytes returned) or fallback (Apollo answered after all)',
    labelNames: ['outcome'],
    registers: [this.registry],
  });

  private readonly positionAnswers = new Counter({
    name: 'gateway_position_answers_total',
    help: 'Availability questions answered from the position cache (no plan, no subgraph call), by way in: apollo (the first request of a query text, through Apollo Server) or fast (a vetted text, in front of Apollo)',
    labelNames: ['path'],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  observeRequest(operationName: string | null, status: number, seconds: number): void {
    const operation = this.label(operationName);
    this.requests.inc({ operation, status: String(status) });
    this.latency.observe({ operation }, seconds);
  }

  observeSubgraph(subgraph: string, outcome: string, seconds: number): void {
    this.subgraphLatency.observe({ subgraph, outcome }, seconds);
  }

  observePassThrough(outcome: 'answered' | 'fallback'): void {
    this.passThrough.inc({ outcome });
  }

  observePositionAnswer(path: 'apollo' | 'fast'): void {
    this.positionAnswers.inc({ path });
  }

  /** the stock cache's counters, read when scraped */
  watchCache(name: string, help: string, snapshot: () => object): void {
    new Gauge({
      name,
      help,
      labelNames: ['measure'],
      registers: [this.registry],
      collect() {
        for (const [measure, value] of Object.entries(snapshot())) if (typeof value === 'number') this.set({ measure }, value);
      },
    });
  }

  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  private label(name: string | null): string {
    if (!name) return 'anonymous';
    if (!SAFE_NAME.test(name)) return 'other';
    if (this.seen.has(name)) return name;
    if (this.seen.size >= MAX_OPERATION_LABELS) return 'other';
    this.seen.add(name);
    return name;
  }
}
