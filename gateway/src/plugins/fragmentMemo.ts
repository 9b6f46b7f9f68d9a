import type { FragmentDefinitionNode } from 'graphql';

/**
 * Memoises a per-fragment measure so a fragment spread a thousand times (or a chain of fragments
 * each spreading the next twice) is measured once. A fragment met again while it is being
 * measured is a cycle, which NoFragmentCyclesRule reports; it counts as `onCycle` here.
 */
export function fragmentMemo<T>(
  getFragment: (name: string) => FragmentDefinitionNode | null | undefined,
  measure: (fragment: FragmentDefinitionNode) => T,
  onCycle: T,
): (name: string) => T {
  const done = new Map<string, T>();
  const visiting = new Set<string>();
  return (name) => {
    const cached = done.get(name);
    if (cached !== undefined) return cached;
    const fragment = getFragment(name);
    if (!fragment || visiting.has(name)) return onCycle;
    visiting.add(name);
    const value = measure(fragment);
    visiting.delete(name);
    done.set(name, value);
    return value;
  };
}
