import { contractOperation } from './contract';
import { gqlData } from './gql';

/** ERP material number → global SKU id, read through the graph's Catalog (the ERP local code). */
export async function catalogSkuIds(url: string, apiKey: string): Promise<Map<string, string>> {
  const query = contractOperation('clienteling.graphql', 'Catalog');
  const out = new Map<string, string>();
  let after: string | null = null;
  for (;;) {
    const d: any = await gqlData(url, query, { first: 100, after }, apiKey);
    for (const e of d.skus.edges) {
      const erp = e.node.localCodes.find((c: { system: string }) => c.system === 'ERP');
      if (erp) out.set(erp.code, e.node.id);
    }
    if (!d.skus.pageInfo.hasNextPage) return out;
    after = d.skus.pageInfo.endCursor;
  }
}
