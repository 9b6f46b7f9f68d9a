import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, SimpleSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

export interface TracingOptions {
  serviceName: string;
  /** OTLP/HTTP traces endpoint (…/v1/traces); null/undefined: no OTLP export */
  otlpEndpoint?: string | null;
  /** another exporter (tests: InMemorySpanExporter), exported span by span */
  exporter?: SpanExporter;
}

export interface Tracing {
  provider: NodeTracerProvider;
  shutdown(): Promise<void>;
}

/**
 * OpenTelemetry for one process: W3C trace context in and out of every node:http request (the
 * gateway's calls to subgraphs and the subgraphs' calls to legacy systems are node:http), spans
 * for ioredis commands, and Apollo Gateway's own planning/fetch spans once this provider is
 * registered. Off unless an endpoint or exporter is given (tracingFromEnv).
 * Call it before the code it traces is loaded: ioredis is instrumented on require.
 */
export function startTracing(o: TracingOptions): Tracing {
  const spanProcessors = [];
  if (o.otlpEndpoint) spanProcessors.push(new BatchSpanProcessor(new OTLPTraceExporter({ url: o.otlpEndpoint })));
  if (o.exporter) spanProcessors.push(new SimpleSpanProcessor(o.exporter));
  const provider = new NodeTracerProvider({ resource: resourceFromAttributes({ 'service.name': o.serviceName }), spanProcessors });
  provider.register();
  const unregister = registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      // the probes (health, metrics) would drown the traces that matter
      new HttpInstrumentation({ ignoreIncomingRequestHook: (req) => /^\/(health|ready|metrics)\b/.test(req.url ?? '') }),
      new IORedisInstrumentation({ requireParentSpan: true }),
    ],
  });
  return {
    provider,
    shutdown: async () => {
      unregister();
      await provider.shutdown();
    },
  };
}

/**
 * Tracing as the environment asks: OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, or
 * OTEL_EXPORTER_OTLP_ENDPOINT + /v1/traces (the OpenTelemetry variables). Neither set: off, and
 * nothing is loaded or patched.
 */
export function tracingFromEnv(serviceName: string, env: NodeJS.ProcessEnv = process.env): Tracing | null {
  const endpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || (env.OTEL_EXPORTER_OTLP_ENDPOINT ? `${env.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/$/, '')}/v1/traces` : '');
  if (!endpoint || env.OTEL_SDK_DISABLED === 'true') return null;
  return startTracing({ serviceName: env.OTEL_SERVICE_NAME || serviceName, otlpEndpoint: endpoint });
}
