import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ConfirmedAction } from '@/lib/capture/signals';
import { createActionLogger } from '@/lib/content/logger';
import type { ObservedAction } from '@/lib/schemas/event';
import type { TrackedThread } from '@/lib/schemas/thread';

afterEach(() => vi.useRealTimers());

const tracked = { canonicalId: '100', category: 'trust_doubt' } as TrackedThread;

function setup(send: (a: ObservedAction) => Promise<unknown>) {
  const errors: Array<string | undefined> = [];
  const logger = createActionLogger({
    platform: 'x',
    send,
    pageUrl: () => 'https://x.com/critic/status/101',
    context: () => ({
      platform: 'x',
      targetId: '101',
      conversationId: '100',
      url: 'https://x.com/critic/status/101',
      author: 'critic',
    }),
    inThread: (id) => id === '103',
    post: (id) =>
      id === '555'
        ? { platform: 'x', id, author: 'someone', text: 'hi', url: '', focused: false }
        : undefined,
    tracked: (ids) => (ids.includes('100') ? tracked : undefined),
    now: () => new Date('2026-11-20T10:00:00.000Z'),
    onError: (m) => errors.push(m),
    retryDelays: [1000],
  });
  return { logger, errors };
}

const reply: ConfirmedAction = {
  op: 'reply',
  targetId: '101',
  replyId: '202',
  replyText: 'Had the same, support fixed it',
  source: 'network',
  dedupeKey: 'x:reply:101:r1',
};

describe('the action logger', () => {
  it('says the truth when the background holds an action in memory for want of disk, and clears it once saved', async () => {
    let held: number | undefined = 1;
    const { logger, errors } = setup(async () => ({ duplicate: false, ...(held ? { held } : {}) }));
    await logger.log(reply);
    expect(logger.pending()).toBe(0);
    expect(errors.at(-1)).toMatch(
      /no room left.*1 action waits in the browser's memory.*Closing this tab loses nothing; closing the browser loses it/,
    );
    held = undefined;
    await logger.log({ ...reply, dedupeKey: 'x:reply:101:r2' });
    expect(errors.at(-1)).toBeUndefined();
  });

  it('adds the page context: author, conversation, category of the tracked thread', async () => {
    const sent: ObservedAction[] = [];
    const { logger } = setup(async (a) => sent.push(a));
    await logger.log(reply);
    expect(sent).toEqual([
      {
        platform: 'x',
        action: 'reply',
        targetId: '101',
        targetAuthor: 'critic',
        conversationId: '100',
        pageUrl: 'https://x.com/critic/status/101',
        replyId: '202',
        replyText: 'Had the same, support fixed it',
        category: 'trust_doubt',
        occurredAt: '2026-11-20T10:00:00.000Z',
        source: 'network',
        dedupeKey: 'x:reply:101:r1',
      },
    ]);
  });

  it("gives a reply under the thread on screen the thread's conversation", async () => {
    const sent: ObservedAction[] = [];
    const { logger } = setup(async (a) => sent.push(a));
    await logger.log({ op: 'like', targetId: '103', source: 'network', dedupeKey: 'k103' });
    expect(sent[0]).toMatchObject({ targetId: '103', conversationId: '100', category: 'trust_doubt' });
  });

  it('does not borrow the conversation for a tweet outside the thread on screen', async () => {
    const sent: ObservedAction[] = [];
    const { logger } = setup(async (a) => sent.push(a));
    await logger.log({ op: 'like', targetId: '555', source: 'dom', dedupeKey: 'k' });
    expect(sent[0]).toMatchObject({ targetId: '555', targetAuthor: 'someone' });
    expect(sent[0]).not.toHaveProperty('conversationId');
    expect(sent[0]).not.toHaveProperty('category');
  });

  it('keeps an action the background could not store and retries until it is stored', async () => {
    vi.useFakeTimers();
    const sent: ObservedAction[] = [];
    let fail = true;
    const { logger, errors } = setup(async (a) => {
      if (fail) throw new Error('The browser has no room left');
      sent.push(a);
    });
    await logger.log(reply);
    expect(logger.pending()).toBe(1);
    expect(errors.at(-1)).toMatch(
      /1 action not saved yet \(The browser has no room left\)\. Retrying in 1 s\. Until then it waits only in this tab: closing it loses it\./,
    );
    fail = false;
    await vi.advanceTimersByTimeAsync(1000);
    expect(sent).toHaveLength(1);
    expect(logger.pending()).toBe(0);
    expect(errors.at(-1)).toBeUndefined();
  });
});

describe('the action logger on a YouTube watch page', () => {
  const video = 'k3Vq9pXz1aE';
  const comment = 'UgxKq3R7v0m1Yp2dN4B4AaABAg';
  const replyInIt = `${comment}.A1b2C3d4E5fA1b2C3d4E5f`;
  const otherReply = 'Ugz8fT2kLm9QwErTyUiO4AaABAg.B9c8D7e6F5gB9c8D7e6F5g';
  const threads = [
    { canonicalId: comment, parentId: video, category: 'support_needed' },
    { canonicalId: video, category: 'trust_doubt' },
  ] as TrackedThread[];

  function setupYoutube(opts: { videoTracked: boolean }) {
    const sent: ObservedAction[] = [];
    const logger = createActionLogger({
      platform: 'youtube',
      send: async (a) => sent.push(a),
      pageUrl: () => `https://www.youtube.com/watch?v=${video}`,
      context: () => ({
        platform: 'youtube',
        targetId: video,
        conversationId: video,
        url: `https://www.youtube.com/watch?v=${video}`,
      }),
      inThread: () => true,
      post: () => undefined,
      threadRoot: (id) => (id.includes('.') ? id.split('.')[0] : undefined),
      // Nearest first, as the content app looks them up.
      tracked: (ids) => {
        for (const id of ids) {
          const t = threads.find(
            (x) => x.canonicalId === id && (opts.videoTracked || x.canonicalId !== video),
          );
          if (t) return t;
        }
        return undefined;
      },
      onError: () => {},
    });
    return { logger, sent };
  }

  it("gives a like on a reply inside a tracked comment's thread that comment's category", async () => {
    const { logger, sent } = setupYoutube({ videoTracked: true });
    await logger.log({ op: 'like', targetId: replyInIt, source: 'network', dedupeKey: 'l1' });
    expect(sent[0]).toMatchObject({ targetId: replyInIt, conversationId: video, category: 'support_needed' });
  });

  it("gives a like on a reply in another comment's thread the video's category, or none when the video is untracked", async () => {
    const tracked = setupYoutube({ videoTracked: true });
    await tracked.logger.log({ op: 'like', targetId: otherReply, source: 'network', dedupeKey: 'l2' });
    expect(tracked.sent[0]).toMatchObject({ category: 'trust_doubt' });

    const untracked = setupYoutube({ videoTracked: false });
    await untracked.logger.log({ op: 'like', targetId: otherReply, source: 'network', dedupeKey: 'l3' });
    expect(untracked.sent[0]).not.toHaveProperty('category');
  });
});
