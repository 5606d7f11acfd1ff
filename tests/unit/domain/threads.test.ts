import { describe, expect, it } from 'vitest';
import { type AnswerState, mergeAnswers } from '../../../lib/domain/threads';

const open: AnswerState = { firstReplyAt: null, repliedBy: [], status: 'open' };
const answered: AnswerState = {
  firstReplyAt: '2026-03-02T10:00:00.000Z',
  repliedBy: [{ name: 'ann', at: '2026-03-02T10:00:00.000Z' }],
  status: 'answered',
};

describe('mergeAnswers: what replies do to a tracked thread (server and extension alike)', () => {
  it.each<[string, AnswerState, { member: string; at: string }[], AnswerState | null]>([
    ['no replies change nothing', open, [], null],
    [
      'a first reply answers an open thread',
      open,
      [{ member: 'ann', at: '2026-03-02T10:00:00.000Z' }],
      answered,
    ],
    [
      'the same reply again changes nothing',
      answered,
      [{ member: 'ann', at: '2026-03-02T10:00:00.000Z' }],
      null,
    ],
    [
      'a later reply by the same member changes nothing',
      answered,
      [{ member: 'ann', at: '2026-03-03T00:00:00.000Z' }],
      null,
    ],
    [
      'an earlier reply arriving late moves the first reply back',
      answered,
      [{ member: 'bob', at: '2026-03-01T09:00:00.000Z' }],
      {
        firstReplyAt: '2026-03-01T09:00:00.000Z',
        repliedBy: [
          { name: 'bob', at: '2026-03-01T09:00:00.000Z' },
          { name: 'ann', at: '2026-03-02T10:00:00.000Z' },
        ],
        status: 'answered',
      },
    ],
    [
      'a closed thread stays closed',
      { ...open, status: 'closed' },
      [{ member: 'ann', at: '2026-03-02T10:00:00.000Z' }],
      { ...answered, status: 'closed' },
    ],
    [
      'members are listed once, at their first reply, in reply order',
      open,
      [
        { member: 'bob', at: '2026-03-02T12:00:00.000Z' },
        { member: 'ann', at: '2026-03-02T11:00:00.000Z' },
        { member: 'bob', at: '2026-03-02T10:30:00.000Z' },
      ],
      {
        firstReplyAt: '2026-03-02T10:30:00.000Z',
        repliedBy: [
          { name: 'bob', at: '2026-03-02T10:30:00.000Z' },
          { name: 'ann', at: '2026-03-02T11:00:00.000Z' },
        ],
        status: 'answered',
      },
    ],
  ])('%s', (_name, thread, replies, expected) => {
    expect(mergeAnswers(thread, replies)).toEqual(expected);
  });
});
