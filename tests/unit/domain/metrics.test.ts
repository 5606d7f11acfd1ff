import { describe, expect, it } from 'vitest';
import { actions, isActive, netLikes, tally } from '../../../lib/domain/metrics';
import { recognitionActions } from '../../../server/reports/queries';

describe('one definition of each number', () => {
  it.each([
    [[], 0, 0, false],
    [['reply', 'comment'], 0, 2, true],
    [['like', 'like', 'unlike'], 1, 1, true],
    // Taking back likes from an earlier period never hides this period's replies.
    [['reply', 'unlike', 'unlike'], -2, 1, true],
    [['unlike'], -1, 0, false],
  ] as const)('%j: net likes %i, actions %i, active %s', (list, net, acts, active) => {
    const t = tally(list.map((action) => ({ action })));
    expect(netLikes(t)).toBe(net);
    expect(actions(t)).toBe(acts);
    expect(isActive(t)).toBe(active);
    // The report's recognition reads the same definition.
    expect(recognitionActions(t.replies, netLikes(t))).toBe(acts);
  });
});
