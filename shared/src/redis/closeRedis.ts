import type { RedisClient } from './roundTrip';

/**
 * QUIT when connected, drop otherwise. Never disconnect() an ended client: ioredis would arm a
 * 2 s destroy timer on a socket that is already closed and keep the process alive for it.
 */
export async function closeRedis(redis: RedisClient): Promise<void> {
  if (redis.status === 'end') return;
  if (redis.status === 'ready') {
    await redis.quit().catch(() => undefined);
    return;
  }
  redis.disconnect();
}
