import { describe, expect, it } from 'vitest';
import { confidenceInWords } from '../../../lib/classify/confidence';

describe('confidence in words', () => {
  it.each([
    [0, ['withdrawal', 'pending', 'support is silent'], 'unsure'],
    [0.2, ['scam'], 'unsure'],
    [0.79, ['scam'], 'unsure'],
    [0.8, ['scam'], 'likely'],
    [0.97, ['how do i', 'where is'], 'likely'],
    // Issue 13: the model can be sure with none of the rules' phrases in the text.
    [0.9, [], 'likely'],
    [0.4, [], 'no-signal'],
  ] as const)('%s with %j reads %s', (confidence, matched, word) => {
    const out = confidenceInWords({ confidence, matched });
    expect(out.word).toBe(word);
    expect(out.text).not.toMatch(/%/);
  });

  it('takes calibrated bands when given', () => {
    expect(confidenceInWords({ confidence: 0.5, matched: ['x'] }, { likely: 0.8 }).word).toBe('unsure');
  });
});
