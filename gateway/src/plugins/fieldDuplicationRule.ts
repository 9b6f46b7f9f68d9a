import { Kind, type ValidationRule } from 'graphql';
import { limitError } from './limitError';

/**
 * Refuses `{ __typename __typename … ×500 }`: the same response key selected more than
 * maxDuplicates times in one selection set. Legitimate documents repeat a field across
 * fragments, rarely within one selection set, and never hundreds of times.
 */
export function fieldDuplicationRule(maxDuplicates: number, exposeLimits: boolean): ValidationRule {
  return (context) => ({
    SelectionSet(node) {
      const counts = new Map<string, number>();
      for (const sel of node.selections) {
        if (sel.kind !== Kind.FIELD) continue;
        const key = sel.alias?.value ?? sel.name.value;
        const n = (counts.get(key) ?? 0) + 1;
        counts.set(key, n);
        if (n === maxDuplicates + 1) {
          context.reportError(limitError(exposeLimits, `Field "${key}" is selected more than ${maxDuplicates} times in one selection set.`, sel));
        }
      }
    },
  });
}
