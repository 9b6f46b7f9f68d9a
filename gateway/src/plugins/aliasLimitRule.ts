import { Kind, type SelectionSetNode, type ValidationRule } from 'graphql';
import { fragmentMemo } from './fragmentMemo';
import { limitError } from './limitError';

/** Refuses operations with more than maxAliases aliases, counting every spread of a fragment. */
export function aliasLimitRule(maxAliases: number, exposeLimits: boolean): ValidationRule {
  return (context) => {
    const fragmentAliases = fragmentMemo(
      (name) => context.getFragment(name),
      (fragment) => count(fragment.selectionSet),
      0,
    );
    function count(set: SelectionSetNode | undefined): number {
      let n = 0;
      for (const sel of set?.selections ?? []) {
        if (sel.kind === Kind.FIELD) n += (sel.alias ? 1 : 0) + count(sel.selectionSet);
        else if (sel.kind === Kind.INLINE_FRAGMENT) n += count(sel.selectionSet);
        else n += fragmentAliases(sel.name.value);
      }
      return n;
    }
    return {
      OperationDefinition(node) {
        const n = count(node.selectionSet);
        if (n > maxAliases) {
          context.reportError(limitError(exposeLimits, `Operation has ${n} aliases; the maximum is ${maxAliases}.`, node));
        }
      },
    };
  };
}
