import '@stockgraph/shared/tracing/register'; // first: OpenTelemetry, when OTEL_EXPORTER_OTLP_*ENDPOINT is set
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, createLogger } from '@stockgraph/shared';
import { repoRoot } from '@stockgraph/shared/files';
import { loadConfig } from './config';
import { createGatewayServer } from './server';

/** `tsx gateway/src/main.ts`: read config and the composed supergraph, serve, stop on a signal. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const logger = createLogger('gateway', config.logLevel ?? 'info');
  const supergraphPath = config.supergraphPath || path.resolve(repoRoot(), 'schema/supergraph.graphql');
  const supergraphSdl = readFileSync(supergraphPath, 'utf8');
  const gateway = await createGatewayServer({ supergraphSdl, config, logger, port: config.port, host: config.host });
  logger.info({ url: gateway.url, supergraphPath }, 'gateway ready');

  const stop = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    gateway.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`gateway failed to start: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
