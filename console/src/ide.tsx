import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import { createRoot } from 'react-dom/client';
import { GraphiQL } from 'graphiql';
import { createGraphiQLFetcher } from '@graphiql/toolkit';

const FALLBACK = '{ locations(type: STORE) { id name geo { lat lng } } }';

/** GraphiQL, bundled (nothing from a CDN), on the gateway's own /graphql, with a link to the console. */
async function main() {
  const example = await fetch('/console/example.json').then((r) => (r.ok ? r.json() : null)).catch(() => null) as { query: string; headers: Record<string, string> } | null;
  const fetcher = createGraphiQLFetcher({ url: `${location.origin}/graphql` });
  createRoot(document.getElementById('ide')!).render(
    <GraphiQL
      fetcher={fetcher}
      defaultQuery={`# stockgraph (development mode). The operations console: ${location.origin}/console\n# Run with the ▶ button: pickup stores near London for one SKU.\n${example?.query ?? FALLBACK}\n`}
      defaultHeaders={JSON.stringify(example?.headers ?? { 'x-api-key': 'demo-storefront-key' }, null, 2)}
      isHeadersEditorEnabled
    >
      <GraphiQL.Logo>
        <a href="/console/" style={{ fontSize: '0.9rem', marginRight: '0.5rem' }}>Open the console →</a> stockgraph
      </GraphiQL.Logo>
    </GraphiQL>,
  );
}
void main();
