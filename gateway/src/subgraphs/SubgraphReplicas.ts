import type { Fetcher } from '@apollo/utils.fetcher';

/**
 * The replicas of one subgraph (`SUBGRAPH_<NAME>_URL=http://a/graphql,http://b/graphql`): each
 * call goes to the next one in turn, and a replica that refuses the connection (down, or not
 * started yet) hands the call to the next, since nothing of the request was sent. Any other
 * failure is the caller's to see: a request that may have reached a subgraph is never sent twice.
 */
export class SubgraphReplicas {
  readonly urls: readonly string[];
  private turn = 0;

  constructor(urlList: string) {
    this.urls = splitUrls(urlList);
    if (this.urls.length === 0) throw new RangeError('a subgraph needs at least one URL');
  }

  /**
   * `base`, sending each call to the next replica (whatever URL it is given: the data source
   * knows only the first), and on to the others in turn when one refuses the connection.
   */
  fetcher(base: Fetcher): Fetcher {
    if (this.urls.length === 1) return base;
    return async (_url, init) => {
      let at = this.turn;
      this.turn = (at + 1) % this.urls.length;
      for (let tried = 1; ; tried++) {
        try {
          return await base(this.urls[at]!, init);
        } catch (err) {
          if (tried >= this.urls.length || !connectionRefused(err)) throw err;
          at = (at + 1) % this.urls.length;
        }
      }
    };
  }
}

/** A comma-separated list of URLs, as SUBGRAPH_<NAME>_URL may give. */
export function splitUrls(list: string): string[] {
  return list.split(',').map((u) => u.trim()).filter(Boolean);
}

function connectionRefused(err: unknown): boolean {
  const e = err as { code?: string; errno?: string; cause?: { code?: string } } | null;
  return e?.code === 'ECONNREFUSED' || e?.errno === 'ECONNREFUSED' || e?.cause?.code === 'ECONNREFUSED';
}
