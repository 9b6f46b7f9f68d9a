import type { ApolloServerOptionsWithGateway, ApolloServerPlugin } from '@apollo/server';
import {
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import type { Logger } from '@stockgraph/shared';
import type { GatewayConfig } from './configTypes';
import type { GatewayContext } from './GatewayContext';
import { costLimitPlugin } from './plugins/costLimitPlugin';
import { listSizeLimitPlugin } from './plugins/listSizeLimitPlugin';
import { maskError } from './plugins/maskError';
import { requestStatePlugin } from './plugins/requestStatePlugin';
import { responseHygienePlugin } from './plugins/responseHygienePlugin';
import { safelistCache, safelistPlugin } from './plugins/safelistPlugin';
import { limitValidationRules } from './plugins/validationRules';

/**
 * Every Apollo Server option is set here from config, never left to Apollo's NODE_ENV- or
 * APOLLO_KEY-dependent defaults, so the environment cannot quietly turn a protection off.
 */
export function apolloOptions(config: GatewayConfig, logger: Logger): Omit<ApolloServerOptionsWithGateway<GatewayContext>, 'gateway'> {
  const production = config.mode === 'production';
  const { limits, exposeLimits } = config;
  const plugins: ApolloServerPlugin<GatewayContext>[] = [
    requestStatePlugin(),
    safelistPlugin(config.safelist),
    listSizeLimitPlugin(limits, exposeLimits) as ApolloServerPlugin<GatewayContext>,
    costLimitPlugin(limits.maxCost, { defaultListSize: limits.defaultListSize }, exposeLimits) as ApolloServerPlugin<GatewayContext>,
    ApolloServerPluginUsageReportingDisabled(),
    ApolloServerPluginSchemaReportingDisabled(),
  ];
  if (production) plugins.push(responseHygienePlugin() as ApolloServerPlugin<GatewayContext>);
  // the IDE is the bundled GraphiQL the HTTP layer serves (console/), never Apollo's CDN page
  plugins.push(ApolloServerPluginLandingPageDisabled());
  return {
    nodeEnv: config.mode,
    logger,
    introspection: config.introspection,
    includeStacktraceInErrorResponses: !production,
    hideSchemaDetailsFromClientErrors: production,
    allowBatchedHttpRequests: false,
    // Production: HOSTILE-INPUTS rows 15–16. Development lets a plain GET query through (the
    // GraphQL-over-HTTP audits, curl, links): a GET can only run a query (mutations are 405), and a
    // simple-content-type POST is still never parsed as GraphQL by the HTTP layer.
    csrfPrevention: production,
    parseOptions: { maxTokens: limits.maxTokens },
    validationRules: limitValidationRules(limits, exposeLimits),
    formatError: maskError(config.mode),
    persistedQueries: config.safelist.mode === 'enforce' ? { cache: safelistCache(config.safelist.operations), ttl: null } : {},
    stopOnTerminationSignals: false,
    plugins,
  };
}
