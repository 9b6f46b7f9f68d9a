import { PassThrough } from 'node:stream';
import type { IncomingMessage } from 'node:http';
import { readBody } from '../readBody';
import { requestIdFrom } from '../requestId';
import { isLegacyJsonRequestError } from '../legacyJsonStatus';

function fakeRequest(headers: Record<string, string> = {}): PassThrough & { complete: boolean; headers: Record<string, string> } {
  return Object.assign(new PassThrough(), { complete: false, headers });
}

describe('readBody', () => {
  it('returns the body under the cap', async () => {
    const req = fakeRequest();
    const result = readBody(req as unknown as IncomingMessage, 10);
    req.end(Buffer.from('{"a":1}'));
    expect(await result).toEqual({ ok: true, body: Buffer.from('{"a":1}') });
  });

  it('reads past the cap to the end, then answers too_large', async () => {
    const req = fakeRequest();
    const result = readBody(req as unknown as IncomingMessage, 10);
    req.write(Buffer.alloc(8));
    req.write(Buffer.alloc(8));
    req.end(Buffer.alloc(8));
    expect(await result).toEqual({ ok: false, reason: 'too_large' });
  });

  it('trusts a content-length over the cap without buffering anything', async () => {
    const req = fakeRequest({ 'content-length': '11' });
    const result = readBody(req as unknown as IncomingMessage, 10);
    req.end(Buffer.alloc(1));
    expect(await result).toEqual({ ok: false, reason: 'too_large' });
  });

  it('settles when the client hangs up mid-body', async () => {
    const req = fakeRequest();
    const result = readBody(req as unknown as IncomingMessage, 10);
    req.write(Buffer.alloc(3));
    req.destroy();
    expect(await result).toEqual({ ok: false, reason: 'aborted' });
  });
});

describe('requestIdFrom', () => {
  it('keeps a safe id and replaces anything else with a UUID', () => {
    expect(requestIdFrom('abc-123_x.y:z')).toBe('abc-123_x.y:z');
    for (const bad of ['has space', 'x'.repeat(129), 'line\nbreak', '-leading', undefined, ['a', 'b']]) {
      expect(requestIdFrom(bad as never)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-/);
    }
  });
});

describe('isLegacyJsonRequestError', () => {
  const validation = JSON.stringify({ errors: [{ message: 'x', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }] });
  it('only for clients that accept application/json and not application/graphql-response+json', () => {
    expect(isLegacyJsonRequestError('application/json', validation)).toBe(true);
    expect(isLegacyJsonRequestError('application/graphql-response+json, application/json;q=0.9', validation)).toBe(false);
    expect(isLegacyJsonRequestError(undefined, validation)).toBe(false);
    expect(isLegacyJsonRequestError('*/*', validation)).toBe(false);
  });
  it('only for request errors, never for refusals like CSRF or rate limits', () => {
    expect(isLegacyJsonRequestError('application/json', JSON.stringify({ errors: [{ message: 'x', extensions: { code: 'BAD_REQUEST' } }] }))).toBe(false);
    expect(isLegacyJsonRequestError('application/json', 'not json')).toBe(false);
  });
});
