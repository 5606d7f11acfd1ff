import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Correlator, createCorrelator } from '../../../lib/capture/correlator';
import type { ConfirmedAction, DomSignal, NetworkSignal, Op } from '../../../lib/capture/signals';

const A = '1922334455667788990';
const B = '1922334455667788991';

type Step =
  | ['start', Op, string, string] // op, target, requestId
  | ['ok', Op, string, string]
  | ['fail', Op, string, string]
  | ['unreadable', Op, string, string]
  | ['dom', Op, string]
  | ['wait', number];

let emitted: ConfirmedAction[];
let correlator: Correlator;

beforeEach(() => {
  vi.useFakeTimers();
  emitted = [];
  correlator = createCorrelator({ emit: (a) => emitted.push(a) });
});
afterEach(() => {
  correlator.dispose();
  vi.useRealTimers();
});

function run(steps: Step[]): string[] {
  for (const step of steps) {
    switch (step[0]) {
      case 'start':
        correlator.network({ kind: 'request-start', op: step[1], targetId: step[2], requestId: step[3] });
        break;
      case 'ok':
        correlator.network({ kind: 'confirmed', op: step[1], targetId: step[2], requestId: step[3] });
        break;
      case 'fail':
        correlator.network({
          kind: 'failed',
          op: step[1],
          targetId: step[2],
          requestId: step[3],
          reason: 'x',
        });
        break;
      case 'unreadable':
        correlator.network({
          kind: 'unreadable',
          op: step[1],
          targetId: step[2],
          requestId: step[3],
          reason: 'reshaped',
        });
        break;
      case 'dom':
        correlator.dom({ op: step[1], targetId: step[2] });
        break;
      case 'wait':
        vi.advanceTimersByTime(step[1]);
        break;
    }
  }
  // Whatever is still waiting gets every chance to speak.
  vi.advanceTimersByTime(120_000);
  return emitted.map(
    (a) => `${a.source}:${a.op}:${a.targetId === A ? 'A' : a.targetId === B ? 'B' : a.targetId}`,
  );
}

describe('one action, whichever signals arrive in whatever order', () => {
  it.each<[string, Step[], string[]]>([
    [
      'network first, then the DOM',
      [
        ['start', 'like', A, 'r1'],
        ['ok', 'like', A, 'r1'],
        ['dom', 'like', A],
      ],
      ['network:like:A'],
    ],
    [
      'DOM, then the request, then the answer',
      [
        ['dom', 'like', A],
        ['start', 'like', A, 'r1'],
        ['ok', 'like', A, 'r1'],
      ],
      ['network:like:A'],
    ],
    [
      'request, DOM, answer',
      [
        ['start', 'like', A, 'r1'],
        ['dom', 'like', A],
        ['ok', 'like', A, 'r1'],
      ],
      ['network:like:A'],
    ],
    [
      'DOM, then only the answer (start lost) within the grace period',
      [
        ['dom', 'like', A],
        ['wait', 2_000],
        ['ok', 'like', A, 'r1'],
      ],
      ['network:like:A'],
    ],
    [
      'a slow answer while the request is in flight',
      [
        ['start', 'reply', A, 'r1'],
        ['dom', 'reply', A],
        ['wait', 20_000],
        ['ok', 'reply', A, 'r1'],
      ],
      ['network:reply:A'],
    ],
    [
      'the DOM first, the request starting just before the grace ends, a slow answer',
      [
        ['dom', 'like', A],
        ['wait', 2_900],
        ['start', 'like', A, 'r1'],
        ['wait', 10_000],
        ['ok', 'like', A, 'r1'],
      ],
      ['network:like:A'],
    ],
    [
      'network only (the DOM watcher missed it)',
      [
        ['start', 'like', A, 'r1'],
        ['ok', 'like', A, 'r1'],
      ],
      ['network:like:A'],
    ],
    ['DOM only (X renamed the operation)', [['dom', 'like', A]], ['dom:like:A']],
    [
      'failed after the DOM',
      [
        ['start', 'like', A, 'r1'],
        ['dom', 'like', A],
        ['fail', 'like', A, 'r1'],
      ],
      [],
    ],
    [
      'failed before the DOM',
      [
        ['start', 'like', A, 'r1'],
        ['fail', 'like', A, 'r1'],
        ['dom', 'like', A],
      ],
      [],
    ],
    [
      'failed with no DOM',
      [
        ['start', 'reply', A, 'r1'],
        ['fail', 'reply', A, 'r1'],
      ],
      [],
    ],
    [
      'late network after the DOM fallback',
      [
        ['dom', 'reply', A],
        ['wait', 3_100],
        ['start', 'reply', A, 'r1'],
        ['ok', 'reply', A, 'r1'],
      ],
      ['dom:reply:A'],
    ],
    [
      'late network after the DOM fallback, beyond the window: a new action',
      [
        ['dom', 'reply', A],
        ['wait', 3_100],
        ['wait', 61_000],
        ['ok', 'reply', A, 'r1'],
      ],
      ['dom:reply:A', 'network:reply:A'],
    ],
    [
      'the same confirmation relayed twice',
      [
        ['start', 'like', A, 'r1'],
        ['ok', 'like', A, 'r1'],
        ['ok', 'like', A, 'r1'],
      ],
      ['network:like:A'],
    ],
    [
      'a failed reply, then a successful retry',
      [
        ['start', 'reply', A, 'r1'],
        ['fail', 'reply', A, 'r1'],
        ['wait', 5_000],
        ['start', 'reply', A, 'r2'],
        ['ok', 'reply', A, 'r2'],
        ['dom', 'reply', A],
      ],
      ['network:reply:A'],
    ],
    [
      'a request that never answers: the DOM speaks after maxWait',
      [
        ['start', 'like', A, 'r1'],
        ['dom', 'like', A],
        ['wait', 29_000],
      ],
      ['dom:like:A'],
    ],
  ])('%s', (_, steps, expected) => {
    expect(run(steps)).toEqual(expected);
  });

  it('does not emit a DOM-only action before the grace period ends', () => {
    correlator.dom({ op: 'like', targetId: A });
    vi.advanceTimersByTime(2_999);
    expect(emitted).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(emitted).toHaveLength(1);
  });

  it('emits a network confirmation at once', () => {
    correlator.network({ kind: 'confirmed', op: 'like', targetId: A, requestId: 'r1' });
    expect(emitted).toHaveLength(1);
  });
});

// The site reshaped its answer: the call was ours, we could not read it. What the page shows decides;
// an unreadable answer never voids it (issue 14's defect), and never logs on its own either.
describe('an answer we cannot read', () => {
  it.each<[string, Step[], string[]]>([
    [
      'request, unreadable answer, then the DOM',
      [
        ['start', 'comment', A, 'r1'],
        ['unreadable', 'comment', A, 'r1'],
        ['dom', 'comment', A],
      ],
      ['dom:comment:A'],
    ],
    [
      'request, DOM, then the unreadable answer',
      [
        ['start', 'like', A, 'r1'],
        ['dom', 'like', A],
        ['wait', 5_000],
        ['unreadable', 'like', A, 'r1'],
      ],
      ['dom:like:A'],
    ],
    [
      'DOM, then request and unreadable answer within the grace period',
      [
        ['dom', 'reply', A],
        ['start', 'reply', A, 'r1'],
        ['unreadable', 'reply', A, 'r1'],
      ],
      ['dom:reply:A'],
    ],
    ['an unreadable answer and nothing on the page', [['unreadable', 'like', A, 'r1']], []],
    [
      'an unreadable answer, then a readable retry of the same action',
      [
        ['dom', 'like', A],
        ['start', 'like', A, 'r1'],
        ['unreadable', 'like', A, 'r1'],
        ['start', 'like', A, 'r2'],
        ['ok', 'like', A, 'r2'],
      ],
      ['network:like:A'],
    ],
  ])('%s', (_, steps, expected) => {
    expect(run(steps)).toEqual(expected);
  });

  it('lets the DOM speak after the normal grace, not the long in-flight wait', () => {
    correlator.network({ kind: 'request-start', op: 'like', targetId: A, requestId: 'r1' });
    correlator.dom({ op: 'like', targetId: A });
    correlator.network({ kind: 'unreadable', op: 'like', targetId: A, requestId: 'r1', reason: 'x' });
    vi.advanceTimersByTime(3_000);
    expect(emitted.map((a) => a.source)).toEqual(['dom']);
  });
});

describe('sequences', () => {
  it.each<[string, Step[], string[]]>([
    [
      'like → unlike → like, network and DOM each',
      [
        ['dom', 'like', A],
        ['start', 'like', A, 'r1'],
        ['ok', 'like', A, 'r1'],
        ['wait', 1_000],
        ['dom', 'unlike', A],
        ['start', 'unlike', A, 'r2'],
        ['ok', 'unlike', A, 'r2'],
        ['wait', 1_000],
        ['start', 'like', A, 'r3'],
        ['dom', 'like', A],
        ['ok', 'like', A, 'r3'],
      ],
      ['network:like:A', 'network:unlike:A', 'network:like:A'],
    ],
    [
      'like → unlike → like, network first each time',
      [
        ['start', 'like', A, 'r1'],
        ['ok', 'like', A, 'r1'],
        ['dom', 'like', A],
        ['start', 'unlike', A, 'r2'],
        ['ok', 'unlike', A, 'r2'],
        ['dom', 'unlike', A],
        ['start', 'like', A, 'r3'],
        ['ok', 'like', A, 'r3'],
        ['dom', 'like', A],
      ],
      ['network:like:A', 'network:unlike:A', 'network:like:A'],
    ],
    [
      'like → unlike → like, DOM only',
      [
        ['dom', 'like', A],
        ['wait', 500],
        ['dom', 'unlike', A],
        ['wait', 500],
        ['dom', 'like', A],
      ],
      ['dom:like:A', 'dom:unlike:A', 'dom:like:A'],
    ],
    [
      'like → unlike → like, network only',
      [
        ['start', 'like', A, 'r1'],
        ['ok', 'like', A, 'r1'],
        ['start', 'unlike', A, 'r2'],
        ['ok', 'unlike', A, 'r2'],
        ['start', 'like', A, 'r3'],
        ['ok', 'like', A, 'r3'],
      ],
      ['network:like:A', 'network:unlike:A', 'network:like:A'],
    ],
    [
      'two tweets interleaved, answers in reverse order',
      [
        ['dom', 'like', A],
        ['dom', 'like', B],
        ['start', 'like', A, 'r1'],
        ['start', 'like', B, 'r2'],
        ['ok', 'like', B, 'r2'],
        ['ok', 'like', A, 'r1'],
      ],
      ['network:like:B', 'network:like:A'],
    ],
    [
      'two tweets: one confirmed by the network, the other only by the DOM',
      [
        ['dom', 'like', A],
        ['dom', 'like', B],
        ['start', 'like', B, 'r2'],
        ['ok', 'like', B, 'r2'],
      ],
      ['network:like:B', 'dom:like:A'],
    ],
    [
      'two tweets: one fails, the other succeeds',
      [
        ['start', 'like', A, 'r1'],
        ['dom', 'like', A],
        ['start', 'like', B, 'r2'],
        ['dom', 'like', B],
        ['fail', 'like', A, 'r1'],
        ['ok', 'like', B, 'r2'],
      ],
      ['network:like:B'],
    ],
    [
      'two replies to the same tweet',
      [
        ['start', 'reply', A, 'r1'],
        ['ok', 'reply', A, 'r1'],
        ['dom', 'reply', A],
        ['wait', 10_000],
        ['dom', 'reply', A],
        ['start', 'reply', A, 'r2'],
        ['ok', 'reply', A, 'r2'],
      ],
      ['network:reply:A', 'network:reply:A'],
    ],
  ])('%s', (_, steps, expected) => {
    expect(run(steps)).toEqual(expected);
  });
});

describe('what is emitted', () => {
  it('carries the network details and a dedupeKey per request', () => {
    const confirmed: NetworkSignal = {
      kind: 'confirmed',
      op: 'reply',
      targetId: A,
      requestId: 'r1',
      replyId: '1922398765432101234',
      replyText: 'from X',
      conversationId: '1922301122334455667',
    };
    correlator.dom({ op: 'reply', targetId: A, text: 'from the composer' });
    correlator.network(confirmed);
    expect(emitted).toEqual([
      {
        op: 'reply',
        targetId: A,
        replyId: '1922398765432101234',
        replyText: 'from X',
        conversationId: '1922301122334455667',
        source: 'network',
        dedupeKey: `x:reply:${A}:r1`,
      },
    ]);
  });

  it("uses the composer's text when the network did not give one", () => {
    correlator.dom({ op: 'reply', targetId: A, text: 'from the composer' });
    correlator.network({ kind: 'confirmed', op: 'reply', targetId: A, requestId: 'r1', replyId: '5' });
    expect(emitted[0]).toMatchObject({ replyText: 'from the composer', replyId: '5', source: 'network' });
  });

  it('gives each DOM fallback its own stable key, with the composer text', () => {
    const dom: DomSignal = { op: 'reply', targetId: A, text: 'hello' };
    correlator.dom(dom);
    vi.advanceTimersByTime(1_000);
    correlator.dom(dom);
    vi.advanceTimersByTime(5_000);
    expect(emitted).toHaveLength(2);
    expect(emitted[0]).toMatchObject({ source: 'dom', replyText: 'hello', op: 'reply', targetId: A });
    expect(emitted[0]?.dedupeKey).toMatch(new RegExp(`^x:reply:${A}:dom-`));
    expect(emitted[0]?.dedupeKey).not.toBe(emitted[1]?.dedupeKey);
  });

  it('takes injected time and timers, durations and a platform prefix', () => {
    let t = 1_000;
    const timers: { at: number; fn: () => void }[] = [];
    const out: ConfirmedAction[] = [];
    const c = createCorrelator({
      emit: (a) => out.push(a),
      now: () => t,
      setTimeout: (fn, ms) => timers.push({ at: t + ms, fn }),
      clearTimeout: () => {},
      graceMs: 100,
      platform: 'youtube',
    });
    c.dom({ op: 'comment', targetId: 'dQw4w9WgXcQ' });
    expect(timers[0]?.at).toBe(1_100);
    t = 1_100;
    timers[0]?.fn();
    expect(out).toEqual([
      {
        op: 'comment',
        targetId: 'dQw4w9WgXcQ',
        source: 'dom',
        dedupeKey: 'youtube:comment:dQw4w9WgXcQ:dom-1000-1',
      },
    ]);
    c.dispose();
  });

  it('is silent after dispose, and a throwing emit does not break it', () => {
    const debug = vi.spyOn(console, 'debug').mockImplementation(() => {});
    const c = createCorrelator({
      emit: () => {
        throw new Error('storage down');
      },
    });
    expect(() => c.network({ kind: 'confirmed', op: 'like', targetId: A, requestId: 'r1' })).not.toThrow();
    expect(debug).toHaveBeenCalled();
    c.dom({ op: 'like', targetId: B });
    c.dispose();
    correlator.dom({ op: 'like', targetId: A });
    correlator.dispose();
    vi.advanceTimersByTime(60_000);
    correlator.network({ kind: 'confirmed', op: 'like', targetId: A, requestId: 'r9' });
    expect(emitted).toEqual([]);
    debug.mockRestore();
  });
});
