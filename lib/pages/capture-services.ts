import { storage } from 'wxt/utils/storage';
import { ask } from '../messaging/client';
import { REVISION_KEY } from '../messaging/protocol';
import type { CaptureServices } from './capture-store';

// Apart from the store: the messaging client pulls in the extension API, which tests replace with fakes.
export const backgroundCaptureServices: CaptureServices = {
  status: () => ask('capture-status', {}),
  pause: (paused) => ask('capture-pause', { paused }),
  alerts: async () => (await ask('mention-alerts', {})).alerts?.alerts ?? null,
  onRevision: (listener) => storage.watch(REVISION_KEY, () => listener()),
};
