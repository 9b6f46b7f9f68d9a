import type { ValidationRule } from 'graphql';
import type { LimitsConfig } from '../configTypes';
import { aliasLimitRule } from './aliasLimitRule';
import { depthLimitRule } from './depthLimitRule';
import { directiveLimitRule } from './directiveLimitRule';
import { fieldDuplicationRule } from './fieldDuplicationRule';
import { introspectionDepthRule } from './introspectionDepthRule';
import { rootFieldLimitRule } from './rootFieldLimitRule';

/** The document-only limits, run with graphql-js's own rules (and cached with the document). */
export function limitValidationRules(limits: LimitsConfig, exposeLimits: boolean): ValidationRule[] {
  return [
    depthLimitRule(limits.maxDepth, exposeLimits),
    introspectionDepthRule(limits.maxIntrospectionDepth, exposeLimits),
    aliasLimitRule(limits.maxAliases, exposeLimits),
    rootFieldLimitRule(limits.maxRootFields, limits.maxMutationRootFields, exposeLimits),
    directiveLimitRule(limits.maxDirectivesPerField, exposeLimits),
    fieldDuplicationRule(limits.maxDuplicateFields, exposeLimits),
  ];
}
