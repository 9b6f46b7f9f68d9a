import { Kind, type SelectionSetNode, type ValidationRule } from 'graphql';
import { fragmentMemo } from './fragmentMemo';
import { limitError } from './limitError';

/**
 * Caps the root fields of one operation, tighter for mutations: `m1: reserve … m100: reserve`
 * is refused whole, before anything is written. `__typename` costs nothing and is not counted.
 */
export function rootFieldLimitRule(maxRootFields: number, maxMutationRootFields: number, exposeLimits: boolean): ValidationRule {
  return (context) => {
    const fragmentRoots = fragmentMemo(
      (name) => context.getFragment(name),
      (fragment) => count(fragment.selectionSet),
      0,
    );
    function count(set: SelectionSetNode): number {
      let n = 0;
      for (const sel of set.selections) {
        if (sel.kind === Kind.FIELD) n += sel.name.value === '__typename' ? 0 : 1;
        else if (sel.kind === Kind.INLINE_FRAGMENT) n += count(sel.selectionSet);
        else n += fragmentRoots(sel.name.value);
      }
      return n;
    }
    return {
      OperationDefinition(node) {
        const max = node.operation === 'mutation' ? maxMutationRootFields : maxRootFields;
        const n = count(node.selectionSet);
        if (n > max) {
          context.reportError(limitError(exposeLimits, `Operation has ${n} root fields; the maximum for a ${node.operation} is ${max}.`, node));
        }
      },
    };
  };
}
