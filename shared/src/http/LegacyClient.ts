import { createLegacyHttp, type LegacyClientOptions, type LegacyHealth, type LegacyHttp } from './legacyHttp';

/**
 * What every legacy client shares: one HTTP helper per system (timeouts, retries on reads,
 * circuit breaker) and the breaker's state. Each subclass is the one place that knows its
 * system's wire format.
 */
export abstract class LegacyClient {
  protected readonly http: LegacyHttp;

  protected constructor(system: string, options: LegacyClientOptions) {
    this.http = createLegacyHttp({ ...options, system });
  }

  /** the circuit breaker's view of the system */
  health(): LegacyHealth {
    return this.http.health();
  }

  onStateChange(listener: (state: LegacyHealth) => void): { dispose(): void } {
    return this.http.onStateChange(listener);
  }
}
