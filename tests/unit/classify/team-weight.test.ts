// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { TEAM_SHARE, TEAM_WEIGHT_MAX, TEAM_WEIGHT_MIN, teamWeight } from '../../../lib/classify/retrain';

/** The team's examples' part of the whole training weight. */
const shareOf = (seedWeight: number, teamCount: number) => {
  const team = teamCount * teamWeight(seedWeight, teamCount);
  return team / (team + seedWeight);
};

describe("the team's corrections count for the same whatever the seed's size", () => {
  // At a fixed 3 each, ten corrections were 2.5 % of 1,190 seed examples and 2.2 % of 1,350: every seed
  // file added made a manager's decisions count for less.
  it.each([
    [1190, 10],
    [1350, 10],
    [1700, 10],
    [1350, 40],
    [5000, 60],
  ])('%i seed examples and %i corrections: the corrections are a tenth of the training', (seed, team) => {
    expect(shareOf(seed, team)).toBeCloseTo(TEAM_SHARE, 3);
  });

  it('a large team counts no less than the old fixed weight each, one correction no more than the cap', () => {
    expect(teamWeight(1350, 1000)).toBe(TEAM_WEIGHT_MIN);
    expect(teamWeight(2400, 10)).toBe(TEAM_WEIGHT_MAX);
    expect(shareOf(1350, 1000)).toBeGreaterThan(TEAM_SHARE);
    expect(teamWeight(1350, 1)).toBe(TEAM_WEIGHT_MAX);
    expect(teamWeight(1350, 0)).toBe(TEAM_WEIGHT_MIN);
  });

  it('more seed data never makes a correction count less', () => {
    for (const team of [1, 5, 10, 40, 200]) {
      let last = 0;
      for (let seed = 500; seed <= 5000; seed += 250) {
        const w = teamWeight(seed, team);
        expect(w).toBeGreaterThanOrEqual(last);
        last = w;
      }
    }
  });
});
