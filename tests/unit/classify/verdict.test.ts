// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { SEED_NOISE_Z, verdict } from '../../../lib/classify/retrain';

/** `n` answers: the first `right` of them right. */
const answers = (n: number, right: number) => Array.from({ length: n }, (_, i) => i < right);
/** The candidate and the model in use on the same examples: `same` both right, then `worse` only the
 * one in use, then `better` only the new one, the rest both wrong. */
function pair(n: number, same: number, worse: number, better: number) {
  const reference = Array.from({ length: n }, (_, i) => i < same + worse);
  const candidate = Array.from(
    { length: n },
    (_, i) => i < same || (i >= same + worse && i < same + worse + better),
  );
  return { candidate, reference };
}

describe('the publishing verdict', () => {
  it('judges the team’s examples and the seed slice separately', () => {
    // The ten-corrections case: the team's held-back examples now right, the seed slice a little worse.
    const v = verdict(
      { candidate: answers(2, 2), reference: answers(2, 0) },
      pair(300, 260, 8, 4),
      'seed-reference',
    );
    expect(v.team).toMatchObject({ total: 2, candidate: 2, reference: 0 });
    expect(v.seed).toMatchObject({ total: 300, worse: 8, better: 4 });
    // The band: 1.96 standard errors of a difference of two accuracies near 268/300 on 300 examples.
    expect(v.seed.band).toBeCloseTo(SEED_NOISE_Z * Math.sqrt(2 * (268 / 300) * (32 / 300) * 300), 1);
    expect(v.seed.band).toBeGreaterThan(14);
    expect(v.publish).toBe(true);
    expect(v.reason).toMatch(
      /^not worse on the team's 2 examples, each answered by a model trained without it/,
    );
  });

  it('refuses a model that loses on the seed slice beyond the paired test’s band', () => {
    const v = verdict({ candidate: answers(2, 2), reference: answers(2, 0) }, pair(300, 250, 30, 2), 'm1');
    expect(v.publish).toBe(false);
    expect(v.reason).toMatch(/^not published: worse beyond the noise band on the seed slice/);
    expect(v.reason).toContain('30 worse, 2 better');
  });

  it('refuses a model worse on the team’s own examples, however well it does on the seed', () => {
    const v = verdict({ candidate: answers(3, 1), reference: answers(3, 2) }, pair(300, 280, 0, 5), 'm1');
    expect(v.publish).toBe(false);
    expect(v.reason).toMatch(
      /^not published: worse on the team's 3 examples, each answered by a model trained without it: 1 right, m1 2/,
    );
  });

  it('a model in use that gets every example right leaves no band; one fewer right is then worse', () => {
    expect(verdict({ candidate: [], reference: [] }, pair(10, 10, 0, 0), 'm').publish).toBe(true);
    expect(verdict({ candidate: [], reference: [] }, pair(10, 9, 1, 0), 'm').publish).toBe(false);
  });

  it('says how many of the team’s examples were left out because the model in use was trained on them', () => {
    const v = verdict(
      { candidate: answers(4, 4), reference: answers(4, 3), seenByReference: 6 },
      pair(300, 270, 3, 3),
      'team-1',
    );
    expect(v.team).toMatchObject({ total: 4, candidate: 4, reference: 3, seenByReference: 6 });
    expect(v.publish).toBe(true);
    expect(v.reason).toContain('4 right, team-1 3 (6 more left out: team-1 was trained on them)');
    const none = verdict(
      { candidate: [], reference: [], seenByReference: 5 },
      pair(300, 270, 3, 3),
      'team-1',
    );
    expect(none.reason).toMatch(
      /^not worse on the team's examples \(none this time; 5 more left out: team-1 was trained on them\)/,
    );
  });
});
