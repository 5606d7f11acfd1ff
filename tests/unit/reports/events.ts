import type { StoredEvent } from '../../../lib/schemas/event';

let n = 0;

/** A logged event as the extension stores it; every call gets a fresh id and dedupe key. */
export function storedEvent(over: Partial<StoredEvent> = {}): StoredEvent {
  n++;
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    platform: 'x',
    action: 'reply',
    targetId: '1700000000000000001',
    conversationId: '1700000000000000000',
    pageUrl: 'https://x.com/someone/status/1700000000000000001',
    replyId: `18000000000000${String(n).padStart(5, '0')}`,
    replyText: 'Same thing happened to me, support sorted it in a day',
    occurredAt: '2026-11-10T09:30:00.000Z',
    source: 'network',
    dedupeKey: `test:${n}`,
    syncState: 'pending',
    attempts: 0,
    ...over,
  };
}
