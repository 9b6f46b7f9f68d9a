import type { ASTNode, DirectiveNode, ValidationRule } from 'graphql';
import { limitError } from './limitError';

/** Refuses `{ __typename @aa @aa @aa … }`: more than maxDirectives directives on one node. */
export function directiveLimitRule(maxDirectives: number, exposeLimits: boolean): ValidationRule {
  return (context) => {
    const check = (node: ASTNode & { directives?: readonly DirectiveNode[] }) => {
      const n = node.directives?.length ?? 0;
      if (n > maxDirectives) {
        context.reportError(limitError(exposeLimits, `${n} directives on one selection; the maximum is ${maxDirectives}.`, node));
      }
    };
    return { OperationDefinition: check, Field: check, FragmentSpread: check, InlineFragment: check, FragmentDefinition: check };
  };
}
