// Imported first by each process's entry point: OpenTelemetry on when the environment asks
// (tracingFromEnv), before the modules it instruments are loaded. Nothing is loaded when off.
import path from 'node:path';

const endpoint = process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
if (endpoint && process.env.OTEL_SDK_DISABLED !== 'true') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { tracingFromEnv } = require('./startTracing') as typeof import('./startTracing');
  tracingFromEnv(serviceNameOf(process.argv[1] ?? ''));
}

/** subgraphs/oms/src/main.ts → stockgraph-oms; gateway/src/main.ts → stockgraph-gateway; scripts/start.ts → stockgraph */
function serviceNameOf(entry: string): string {
  const parts = entry.split(path.sep);
  const i = parts.lastIndexOf('src');
  return i > 0 ? `stockgraph-${parts[i - 1]}` : 'stockgraph';
}
