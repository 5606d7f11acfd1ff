import type { ThreadContext } from '../../../lib/platforms/types';
import { categoryConfig } from '../../../lib/schemas/categories';
import type { StoredEvent } from '../../../lib/schemas/event';
import type { ActivityCounts } from '../../../lib/schemas/status';
import type { NewTrackedThread, TrackedThread } from '../../../lib/schemas/thread';
import type { MyCounts, SidebarServices } from '../../../lib/sidebar/services';

export const NOW = new Date('2025-06-10T12:00:00.000Z');

let seq = 0;
const uuid = () => `00000000-0000-4000-8000-${String(++seq).padStart(12, '0')}`;

export const statusContext = (over: Partial<ThreadContext> = {}): ThreadContext => ({
  platform: 'x',
  targetId: '1800000000000000001',
  conversationId: '1800000000000000001',
  url: 'https://x.com/angry_user/status/1800000000000000001',
  author: 'angry_user',
  text: 'Withdrawal pending for three days now and support is silent. Is this a scam?',
  ...over,
});

export function makeThread(over: Partial<TrackedThread> = {}): TrackedThread {
  return {
    id: uuid(),
    platform: 'x',
    url: 'https://x.com/angry_user/status/1800000000000000001',
    canonicalId: '1800000000000000001',
    category: 'support_needed',
    priority: 'high',
    note: '',
    status: 'open',
    slaDueAt: new Date(NOW.getTime() + (5 * 60 + 12) * 60_000).toISOString(),
    createdBy: 'manager',
    createdAt: '2025-06-10T08:00:00.000Z',
    updatedAt: '2025-06-10T08:00:00.000Z',
    origin: 'local',
    ...over,
  };
}

export function makeEvent(over: Partial<StoredEvent> = {}): StoredEvent {
  const id = uuid();
  return {
    id,
    dedupeKey: `test:${id}`,
    platform: 'x',
    action: 'like',
    targetId: '1800000000000000001',
    conversationId: '1800000000000000001',
    pageUrl: 'https://x.com/angry_user/status/1800000000000000001',
    occurredAt: new Date(NOW.getTime() - 2 * 60_000).toISOString(),
    source: 'network',
    syncState: 'pending',
    attempts: 0,
    ...over,
  };
}

export const counts = (replies = 0, likes = 0, unlikes = 0): ActivityCounts => ({ replies, likes, unlikes });

type Method = 'threadActivity' | 'myCounts' | 'trackedList' | 'track' | 'untrack';

/** In-memory services: what the background would answer, with switches to make any call fail. */
export class FakeServices implements SidebarServices {
  events: StoredEvent[] = [];
  threads: TrackedThread[] = [];
  myCountsValue: MyCounts = { today: counts(), month: counts() };
  failing = new Map<Method, Error>();
  calls: Record<Method, number> = { threadActivity: 0, myCounts: 0, trackedList: 0, track: 0, untrack: 0 };
  tracked: NewTrackedThread[] = [];
  private listeners = new Set<() => void>();

  private enter(m: Method) {
    this.calls[m]++;
    const err = this.failing.get(m);
    if (err) throw err;
  }

  async threadActivity(ctx: ThreadContext) {
    this.enter('threadActivity');
    return this.events.filter(
      (e) =>
        e.platform === ctx.platform &&
        (e.targetId === ctx.targetId || (!!ctx.conversationId && e.conversationId === ctx.conversationId)),
    );
  }

  async myCounts() {
    this.enter('myCounts');
    return this.myCountsValue;
  }

  async trackedList() {
    this.enter('trackedList');
    return [...this.threads];
  }

  async track(thread: NewTrackedThread) {
    this.enter('track');
    this.tracked.push(thread);
    const saved = makeThread({
      ...thread,
      priority: thread.priority ?? categoryConfig(thread.category).priority,
      note: thread.note ?? '',
      slaDueAt: new Date(NOW.getTime() + categoryConfig(thread.category).slaHours * 3_600_000).toISOString(),
    });
    this.threads.push(saved);
    return saved;
  }

  async untrack(id: string) {
    this.enter('untrack');
    this.threads = this.threads.filter((t) => t.id !== id);
  }

  onRevision(listener: () => void) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** What the background does after every write. */
  bumpRevision() {
    for (const l of this.listeners) l();
  }

  get watching() {
    return this.listeners.size;
  }
}
