import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CapturedDelivery { body: string; signature: string; json: Record<string, any> }

export interface WebhookCapture {
  url: string;
  received: CapturedDelivery[];
  close(): Promise<void>;
}

/**
 * A second webhook receiver for the POS simulator: keeps every signed delivery verbatim, so a
 * test can deliver the very same bytes again (a duplicate), or late (out of order).
 */
export async function captureWebhooks(): Promise<WebhookCapture> {
  const received: CapturedDelivery[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({ body, signature: String(req.headers['x-pos-signature'] ?? ''), json: JSON.parse(body) });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/capture`,
    received,
    close: () => new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections(); }),
  };
}

/** POSTs a captured delivery, byte for byte with its signature, to a receiver. */
export async function redeliver(url: string, d: CapturedDelivery): Promise<{ status: number; json: Record<string, any> }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-pos-signature': d.signature }, body: d.body });
  return { status: res.status, json: (await res.json()) as Record<string, any> };
}
