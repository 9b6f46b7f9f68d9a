import type { IncomingMessage } from 'node:http';
import { HttpError, badRequest } from '../common/HttpError';
import { enumParam, intParam } from '../common/query';
import { jsonReply, type Reply } from '../common/Reply';
import type { RequestContext } from '../common/Router';
import { SimServer, type SimServerOptions } from '../common/SimServer';
import type { World } from '../generator/World';
import { decodeCursor, encodeCursor } from './cursor';
import { IdempotencyStore, canonicalJson } from './IdempotencyStore';
import { cancelSchema, createOrderSchema, fulfilmentSchema, reallocationSchema, returnSchema } from './omsSchemas';
import { ORDER_STATUSES, OrderBook, orderNumber } from './OrderBook';

interface Product { sku: string; gtin: string; title: string; active: boolean }

/**
 * The OMS: web products, fulfilment nodes, orders with fulfilments, cancellations and returns,
 * open allocations and an event feed, in snake_case JSON. Every write takes an Idempotency-Key.
 */
export class OmsSimulator extends SimServer {
  private readonly products: Product[];
  private readonly book: OrderBook;
  private readonly idempotency = new IdempotencyStore();

  constructor(world: World, opts: SimServerOptions = {}) {
    super('OMS', world, opts);
    this.products = [
      ...world.items.map((i) => ({ sku: i.ecomSku, gtin: i.gtin, title: i.description, active: true })),
      ...world.unmapped.filter((u) => u.system === 'OMS').map((u) => ({ sku: u.code, gtin: u.gtin ?? '', title: u.description, active: true })),
    ];
    this.book = new OrderBook(world, new Set(this.products.map((p) => p.sku)), new Set(world.locations.map((l) => l.omsNode)));
    this.router
      .get('/oms/v2/products', ({ query }) => {
        const from = decodeCursor(query.get('cursor'));
        const limit = intParam(query, 'limit', 200, 1, 1000);
        const items = this.products.slice(from, from + limit);
        return jsonReply(200, { items, next_cursor: from + limit < this.products.length ? encodeCursor(from + limit) : null });
      })
      .get('/oms/v2/nodes', () =>
        jsonReply(200, { items: this.world.locations.map((l) => ({ node_id: l.omsNode, type: l.type === 'DC' ? 'warehouse' : 'store', name: l.name })) }),
      )
      .get('/oms/v2/orders', ({ query }) => {
        const status = enumParam(query, 'status', ORDER_STATUSES);
        const after = decodeCursor(query.get('cursor'));
        const limit = intParam(query, 'limit', 100, 1, 500);
        const items = [];
        let more = false;
        for (const o of this.book.orders.values()) {
          if (orderNumber(o.order_id) <= after || (status && o.status !== status)) continue;
          if (items.length === limit) {
            more = true;
            break;
          }
          items.push(o);
        }
        const last = items[items.length - 1];
        return jsonReply(200, { items, next_cursor: more && last ? encodeCursor(orderNumber(last.order_id)) : null });
      })
      .get('/oms/v2/orders/:id', ({ params }) => jsonReply(200, this.book.get(params['id'] ?? '')))
      .post('/oms/v2/orders', (ctx) => this.idempotent(ctx, (body) => jsonReply(201, this.book.create(createOrderSchema.parse(body)))))
      .post('/oms/v2/orders/:id/fulfilments', (ctx) =>
        this.idempotent(ctx, (body) => {
          const order = this.book.get(ctx.params['id'] ?? '');
          return jsonReply(201, this.book.fulfil(order, fulfilmentSchema.parse(body)));
        }),
      )
      .post('/oms/v2/orders/:id/cancel', (ctx) =>
        this.idempotent(ctx, (body) => jsonReply(200, this.book.cancel(this.book.get(ctx.params['id'] ?? ''), cancelSchema.parse(body ?? {})))),
      )
      .post('/oms/v2/orders/:id/reallocations', (ctx) =>
        this.idempotent(ctx, (body) => jsonReply(201, this.book.reallocate(this.book.get(ctx.params['id'] ?? ''), reallocationSchema.parse(body)))),
      )
      .post('/oms/v2/returns', (ctx) => this.idempotent(ctx, (body) => jsonReply(201, this.book.createReturn(returnSchema.parse(body)))))
      .get('/oms/v2/allocations', ({ query }) => {
        if ((enumParam(query, 'status', ['open'] as const) ?? 'open') !== 'open') throw badRequest('status must be open');
        return jsonReply(200, { items: this.book.allocations() });
      })
      .get('/oms/v2/events', ({ query }) => {
        const after = intParam(query, 'after', 0, 0, Number.MAX_SAFE_INTEGER);
        const limit = intParam(query, 'limit', 500, 1, 1000);
        return jsonReply(200, this.book.eventsAfter(after, limit));
      });
  }

  protected resetState(): void {
    this.book.reset();
    this.idempotency.clear();
  }

  /**
   * Same key and same request → the stored answer again (201 becomes 200), no second effect;
   * same key, different request → 409. The handler runs synchronously after the body is read,
   * so two concurrent requests with one key cannot both get past the check.
   */
  private async idempotent(ctx: RequestContext, run: (body: unknown) => Reply): Promise<Reply> {
    const key = idempotencyKey(ctx.req);
    const body = await this.readJson(ctx.req);
    const fingerprint = `${ctx.req.method} ${ctx.path} ${canonicalJson(body)}`;
    const prior = this.idempotency.check(key, fingerprint);
    if (prior.kind === 'conflict') throw new HttpError(409, 'idempotency_key_reused', 'Idempotency-Key was used for a different request');
    if (prior.kind === 'replay') {
      const reply = prior.reply;
      return { ...reply, status: reply.status === 201 ? 200 : reply.status, headers: { ...reply.headers, 'idempotent-replayed': 'true' } };
    }
    const reply = run(body);
    if (reply.status < 300) this.idempotency.remember(key, fingerprint, reply);
    return reply;
  }
}

function idempotencyKey(req: IncomingMessage): string {
  const raw = req.headers['idempotency-key'];
  const key = Array.isArray(raw) ? raw[0] : raw;
  if (!key) throw badRequest('Idempotency-Key header is required', 'idempotency_key_required');
  if (key.length > 255) throw badRequest('Idempotency-Key is too long', 'invalid_idempotency_key');
  return key;
}
