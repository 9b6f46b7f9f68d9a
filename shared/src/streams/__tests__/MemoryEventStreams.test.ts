import { MemoryEventStreams } from '../MemoryEventStreams';
import { runEventStreamsContract } from './streamContract';

runEventStreamsContract('MemoryEventStreams', async (retention) => new MemoryEventStreams({ retention }), async () => undefined);
