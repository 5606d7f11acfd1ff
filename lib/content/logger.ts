import type { ConfirmedAction } from '../capture/signals';
import type { PostInfo, ThreadContext } from '../platforms/types';
import type { Platform } from '../schemas/common';
import type { ObservedAction } from '../schemas/event';
import type { TrackedThread } from '../schemas/thread';

export interface ActionLoggerDeps {
  platform: Platform;
  /** Sends one action to the background; rejects when it could not be stored. */
  send(action: ObservedAction): Promise<unknown>;
  pageUrl(): string;
  context(): ThreadContext | undefined;
  /** Whether a post is part of the thread on screen (so it shares its conversation). */
  inThread(id: string): boolean;
  /** What the page showed about a post (author, text), if it was seen. */
  post(id: string): PostInfo | undefined;
  tracked(ids: string[]): TrackedThread | undefined;
  /** The post heading the sub-thread an id is in (a YouTube reply's comment), which may be tracked. */
  threadRoot?(id: string): string | undefined;
  /**
   * What the sidebar knows about the action's thread: the ambassador's or the classifier's category,
   * and the template a reply started from. A tracked thread's category still wins.
   */
  annotate?(
    event: ObservedAction,
  ): Partial<Pick<ObservedAction, 'category' | 'suggestedCategory' | 'playbookId' | 'templateId'>>;
  now?: () => Date;
  onError(message: string | undefined): void;
  /** Backoff between retries of a failed store, in ms. */
  retryDelays?: readonly number[];
}

/**
 * The truth when the disk is full: the background holds the actions in the browser's memory
 * (storage/held.ts), which survives this tab but not closing the browser.
 */
export function heldMessage(n: number): string {
  const they = n === 1 ? 'it' : 'them';
  return `The browser has no room left to store your activity: ${n} action${n === 1 ? ' waits' : 's wait'} in the browser's memory and ${n === 1 ? 'is' : 'are'} saved once there is room. Closing this tab loses nothing; closing the browser loses ${they}. Free some disk space.`;
}

/**
 * Turns confirmed actions into log entries with the page's context, and keeps any the background could
 * not store (a full disk, an extension update) in memory, retrying until they are stored: losing a
 * reply means an ambassador is not credited for it.
 */
export function createActionLogger(deps: ActionLoggerDeps) {
  const now = deps.now ?? (() => new Date());
  const delays = deps.retryDelays ?? [1_000, 2_000, 5_000, 15_000, 30_000, 60_000];
  const queue: ObservedAction[] = [];
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let flushing = false;

  function enrich(a: ConfirmedAction, at: Date): ObservedAction {
    const ctx = deps.context();
    const post = deps.post(a.targetId);
    // Only borrow the page's conversation when the target is part of the thread on screen.
    const inThread =
      ctx && (ctx.targetId === a.targetId || ctx.conversationId === a.targetId || deps.inThread(a.targetId));
    const conversationId = a.conversationId ?? (inThread ? ctx.conversationId : undefined);
    const root = deps.threadRoot?.(a.targetId);
    // Nearest first: the post itself, then the sub-thread it is in, then the whole conversation.
    const thread = deps.tracked([a.targetId, root, conversationId].filter((v): v is string => Boolean(v)));
    const event: ObservedAction = {
      platform: deps.platform,
      action: a.op,
      targetId: a.targetId,
      pageUrl: deps.pageUrl(),
      occurredAt: at.toISOString(),
      source: a.source,
      dedupeKey: a.dedupeKey,
    };
    const author = post?.author ?? (ctx?.targetId === a.targetId ? ctx.author : undefined);
    if (author) event.targetAuthor = author;
    if (conversationId) event.conversationId = conversationId;
    if (a.replyId) event.replyId = a.replyId;
    if (a.replyText !== undefined) event.replyText = a.replyText;
    const notes = deps.annotate?.(event) ?? {};
    if (thread) event.category = thread.category;
    else if (notes.category) {
      event.category = notes.category;
      if (notes.suggestedCategory) event.suggestedCategory = notes.suggestedCategory;
    }
    if (notes.templateId && notes.playbookId) {
      event.templateId = notes.templateId;
      event.playbookId = notes.playbookId;
    }
    return event;
  }

  async function flush(): Promise<void> {
    if (flushing) return;
    flushing = true;
    try {
      let held = 0;
      while (queue.length > 0) {
        const stored = await deps.send(queue[0]!);
        held = (stored as { held?: number } | undefined)?.held ?? 0;
        queue.shift();
        attempt = 0;
      }
      deps.onError(held > 0 ? heldMessage(held) : undefined);
    } catch (err) {
      const wait = delays[Math.min(attempt, delays.length - 1)]!;
      attempt++;
      const n = queue.length;
      deps.onError(
        `${n} action${n === 1 ? '' : 's'} not saved yet (${(err as Error).message}). Retrying in ${Math.round(wait / 1000)} s. Until then ${n === 1 ? 'it waits' : 'they wait'} only in this tab: closing it loses ${n === 1 ? 'it' : 'them'}.`,
      );
      clearTimeout(timer);
      timer = setTimeout(() => void flush(), wait);
    } finally {
      flushing = false;
    }
  }

  return {
    /** `at`: when the page confirmed it, if that was earlier than now (it waited for the app). */
    log(action: ConfirmedAction, at: Date = now()): Promise<void> {
      queue.push(enrich(action, at));
      return flush();
    },
    pending: () => queue.length,
    dispose: () => clearTimeout(timer),
  };
}
