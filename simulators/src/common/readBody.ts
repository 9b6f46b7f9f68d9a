import type { IncomingMessage } from 'node:http';
import { HttpError, badRequest } from './HttpError';

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/** Past this, a too-large upload is cut off instead of drained (drained so the client can read its 413). */
const DRAIN_FACTOR = 8;

/**
 * Reads a request body up to maxBytes. Over the cap: 413, after draining a moderate excess so
 * the client sees the answer rather than a reset; an absurd upload gets the socket closed.
 */
export function readBody(req: IncomingMessage, maxBytes = DEFAULT_MAX_BODY_BYTES): Promise<Buffer> {
  const tooLarge = () => new HttpError(413, 'payload_too_large', `body exceeds ${maxBytes} bytes`, { connection: 'close' });
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared > maxBytes * DRAIN_FACTOR) {
    req.socket.destroy();
    return Promise.reject(tooLarge());
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes * DRAIN_FACTOR) {
        req.socket.destroy();
        reject(tooLarge());
        return;
      }
      if (size > maxBytes) over = true;
      else chunks.push(chunk);
    });
    req.on('end', () => (over ? reject(tooLarge()) : resolve(Buffer.concat(chunks))));
    req.on('error', reject);
  });
}

/** JSON body; an empty body reads as undefined so routes with optional bodies can tell. */
export async function readJson(req: IncomingMessage, maxBytes = DEFAULT_MAX_BODY_BYTES): Promise<unknown> {
  const raw = await readBody(req, maxBytes);
  if (raw.length === 0) return undefined;
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw badRequest('body is not valid JSON', 'invalid_json');
  }
}
