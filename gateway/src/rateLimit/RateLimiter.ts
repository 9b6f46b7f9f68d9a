/** A token bucket's size: refilled at `ratePerSecond`, holding at most `burst` tokens. */
export interface Budget {
  ratePerSecond: number;
  burst: number;
}

export interface RateLimiter {
  /** Takes one token from the key's bucket; 0 when allowed, else the whole seconds to wait. */
  take(key: string, budget: Budget): Promise<number>;
  close(): Promise<void>;
}
