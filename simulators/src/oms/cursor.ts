import { badRequest } from '../common/HttpError';

/** Opaque page cursors (base64url of a position) so clients do not do arithmetic on them. */
export function encodeCursor(position: number): string {
  return Buffer.from(`c${position}`).toString('base64url');
}

/** Empty or absent → 0 (the start); anything not minted by encodeCursor → 400. */
export function decodeCursor(raw: string | null): number {
  if (!raw) return 0;
  const text = Buffer.from(raw, 'base64url').toString('utf8');
  if (!/^c\d{1,15}$/.test(text) || encodeCursor(Number(text.slice(1))) !== raw) throw badRequest('cursor is not valid', 'invalid_cursor');
  return Number(text.slice(1));
}
