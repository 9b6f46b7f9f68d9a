import { createLogger, MemoryLedger } from '@stockgraph/shared';
import type { Identity } from '@stockgraph/shared/auth';
import type { SourceHealth } from '@stockgraph/shared/health';
import { createContext, type UnificationDeps } from '../context';

const identity: Identity = { clientId: 't', channel: null, partnerId: null, assortment: null, scopes: ['stock:read'], anonymous: false };

describe('the unification request context', () => {
  it('reads source health only when a resolver asks, once, and a failed read goes to the one who asked', async () => {
    let reads = 0;
    const health = { all: async () => { reads++; throw new Error('Redis is away'); } } as unknown as SourceHealth;
    const deps = { health, ledger: new MemoryLedger(), logger: createLogger('t', 'silent') } as unknown as UnificationDeps;
    const ctx = createContext(deps, identity);
    // an entity reference resolved without stale flags reads nothing: no rejection left unhandled
    expect(reads).toBe(0);
    await expect(ctx.downSystems()).rejects.toThrow('Redis is away');
    await expect(ctx.downSystems()).rejects.toThrow('Redis is away');
    expect(reads).toBe(1);
  });
});
