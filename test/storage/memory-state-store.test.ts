import { MemoryStateStore } from '../../src/storage/memory-state-store';
import { describeStateStoreContract } from './state-store.contract';

describeStateStoreContract('MemoryStateStore', async () => {
  let now = Date.now();
  const ttl = 1000;
  return {
    store: new MemoryStateStore({ now: () => now }),
    leaseTtlMs: ttl,
    expireLease: async () => {
      now += ttl + 1;
    },
    dispose: async () => {},
  };
});
