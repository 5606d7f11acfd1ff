import type { Envelope, Request, RequestMap, RequestType, Response } from '../messaging/protocol';
import type { StoredEvent } from '../schemas/event';
import type { ReplyTrackerDB } from '../storage/db';
import { describeStorageError } from '../storage/errors';
import { myCounts, recordAction, threadActivity } from '../storage/events';
import { listThreads, trackLocally, untrack, updateThread } from '../storage/threads';

export interface HandlerDeps {
  db: ReplyTrackerDB;
  now?: () => Date;
  /** Called after every write the UI shows, so open sidebars refresh. */
  changed?: (what: 'events' | 'threads') => Promise<void> | void;
}

type Handlers = { [T in RequestType]: (req: Request<T>) => Promise<Response<T>> };

/** A reply to a tracked thread answers it: its SLA clock stops at the first one. */
async function markAnswered(db: ReplyTrackerDB, e: StoredEvent): Promise<boolean> {
  if (e.action !== 'reply' && e.action !== 'comment') return false;
  const ids = [e.targetId, e.conversationId].filter((v): v is string => Boolean(v));
  let touched = false;
  await db.transaction('rw', db.threads, async () => {
    // A team tracks hundreds of threads, not millions: a scan is cheaper than another index.
    const candidates = (await db.threads.toArray()).filter((t) => ids.includes(t.canonicalId));
    for (const t of candidates) {
      if (t.platform !== e.platform || t.firstReplyAt) continue;
      await db.threads.update(t.id, {
        firstReplyAt: e.occurredAt,
        status: t.status === 'open' ? 'answered' : t.status,
        updatedAt: new Date().toISOString(),
      });
      touched = true;
    }
  });
  return touched;
}

export function createHandlers({ db, now = () => new Date(), changed }: HandlerDeps): Handlers {
  return {
    'log-action': async ({ action }) => {
      const result = await recordAction(db, action);
      if (!result.duplicate) {
        await markAnswered(db, result.event);
        await changed?.('events');
      }
      return result;
    },
    'thread-activity': async ({ platform, targetId, conversationId }) => ({
      events: await threadActivity(db, platform, targetId, conversationId),
    }),
    'my-counts': async ({ now: at }) => myCounts(db, at ? new Date(at) : now()),
    'tracked-list': async ({ platform }) => ({ threads: await listThreads(db, platform) }),
    'track-thread': async ({ thread }) => {
      const t = await trackLocally(db, thread, 'me', now());
      await changed?.('threads');
      return { thread: t };
    },
    'update-thread': async ({ id, patch }) => {
      const t = await updateThread(db, id, patch, now());
      await changed?.('threads');
      return { thread: t };
    },
    'untrack-thread': async ({ id }) => {
      await untrack(db, id);
      await changed?.('threads');
      return { ok: true };
    },
  };
}

export function handles(handlers: Handlers, msg: unknown): msg is Request {
  return typeof msg === 'object' && msg !== null && typeof (msg as { type?: unknown }).type === 'string'
    ? (msg as { type: string }).type in handlers
    : false;
}

/**
 * Routes one runtime message. Unknown messages get `undefined` so other listeners may answer them;
 * failures come back as readable errors, never as a silently dropped promise.
 */
export async function dispatch(handlers: Handlers, msg: unknown): Promise<Envelope<unknown> | undefined> {
  if (!handles(handlers, msg)) return undefined;
  const handler = handlers[msg.type] as (req: Request) => Promise<RequestMap[RequestType]['res']>;
  try {
    return { ok: true, data: await handler(msg) };
  } catch (err) {
    return { ok: false, error: describeStorageError(err) };
  }
}
