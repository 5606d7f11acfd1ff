import { describe, expect, it } from 'vitest';
import { requestPersistentStorage } from '@/lib/storage/persist';

const manager = (persisted: boolean, grant: boolean) =>
  ({ persisted: async () => persisted, persist: async () => grant }) as unknown as StorageManager;

describe('asking for persistent storage', () => {
  it.each([
    ['already persisted', manager(true, false), 'persisted'],
    ['granted', manager(false, true), 'persisted'],
    ['denied', manager(false, false), 'denied'],
    // Chrome's service worker has StorageManager without persist().
    ['unsupported', { persisted: async () => false } as unknown as StorageManager, 'unsupported'],
    ['no StorageManager', undefined, 'unsupported'],
  ] as const)('%s', async (_, storage, expected) => {
    expect(await requestPersistentStorage(storage)).toBe(expected);
  });
});
