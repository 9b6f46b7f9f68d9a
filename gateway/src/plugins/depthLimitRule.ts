import { Kind, type SelectionSetNode, type ValidationRule } from 'graphql';
import { fragmentMemo } from './fragmentMemo';
import { limitError } from './limitError';

/**
 * Refuses operations nested deeper than maxDepth fields (`{ a { b } }` is 2). Introspection
 * fields are measured by introspectionDepthRule instead, so tools can still introspect when
 * introspection is on.
 */
export function depthLimitRule(maxDepth: number, exposeLimits: boolean): ValidationRule {
  return (context) => {
    const fragmentDepth = fragmentMemo(
      (name) => context.getFragment(name),
      (fragment) => depth(fragment.selectionSet),
      0,
    );
    function depth(set: SelectionSetNode | undefined): number {
      let max = 0;
      for (const sel of set?.selections ?? []) {
        if (sel.kind === Kind.FIELD) {
          if (sel.name.value.startsWith('__')) continue;
          max = Math.max(max, 1 + depth(sel.selectionSet));
        } else if (sel.kind === Kind.INLINE_FRAGMENT) {
          max = Math.max(max, depth(sel.selectionSet));
        } else {
          max = Math.max(max, fragmentDepth(sel.name.value));
        }
      }
      return max;
    }
    return {
      OperationDefinition(node) {
        const d = depth(node.selectionSet);
        if (d > maxDepth) {
          context.reportError(limitError(exposeLimits, `Operation depth ${d} exceeds the maximum depth of ${maxDepth}.`, node));
        }
      },
    };
  };
}
