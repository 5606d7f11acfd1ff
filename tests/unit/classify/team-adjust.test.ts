// @vitest-environment node
// The team's adjustment of the rules (lib/classify/team-adjust.ts): fit where the team's examples
// contradict the rules' evidence, carried in the model file, used by classify, checked on load.
import { describe, expect, it } from 'vitest';
import { classify, compileRules } from '../../../lib/classify/classifier';
import { DEFAULT_RULES } from '../../../lib/classify/default-rules';
import { combine, loadModel, type ModelFile } from '../../../lib/classify/model';
import { seedModel } from '../../../lib/classify/seed-model';
import { describeTeamAdjustment, fitTeamAdjustment } from '../../../lib/classify/team-adjust';
import { chooseModel, keepPulledModel } from '../../../lib/classify/team-model';
import type { HeldOut } from '../../../lib/classify/train';
import { CATEGORY_IDS, type CategoryId } from '../../../lib/schemas/categories';

const rules = compileRules(DEFAULT_RULES);
const seed = seedModel();
if (!seed.ok) throw new Error(`seed model: ${seed.reason}`);
const file: ModelFile = seed.model.file;

const scores = (o: Partial<Record<CategoryId, number>>) =>
  Object.fromEntries(CATEGORY_IDS.map((id) => [id, o[id] ?? 0])) as Record<CategoryId, number>;
const polarity = { negative: 0, neutral: 0, positive: 0 };

// Held-out predictions where the model leans to trust_doubt a little and the rules speak for a
// technical question: the team labelled all of them trust_doubt.
const contradicted: HeldOut[] = Array.from({ length: 8 }, (_, i) => ({
  example: { text: `t${i}`, category: 'trust_doubt', lang: 'en', team: true },
  model: { category: scores({ trust_doubt: 0.5, technical_question: 0.2 }), polarity },
  rules: scores({ technical_question: 2.5 }),
}));
// Examples where the rules for support were right.
const confirmed: HeldOut[] = Array.from({ length: 4 }, (_, i) => ({
  example: { text: `s${i}`, category: 'support_needed', lang: 'en', team: true },
  model: { category: scores({ support_needed: 0.3 }), polarity },
  rules: scores({ support_needed: 2 }),
}));

describe("fitting the team's adjustment", () => {
  it('lowers the weight of the rules the team contradicts, keeps the ones it confirms, deterministically', () => {
    const a = fitTeamAdjustment([...contradicted, ...confirmed], file)!;
    expect(a.examples).toBe(12);
    expect(a.rules.technical_question).toBeLessThan(0.7);
    expect(a.rules.support_needed).toBe(1);
    expect(a.rules.rumor_narrative).toBe(1); // never spoke: untouched
    expect(a.bias.trust_doubt).toBeGreaterThan(0);
    expect(fitTeamAdjustment([...contradicted, ...confirmed], file)).toEqual(a);
    expect(describeTeamAdjustment(a)).toMatch(
      /fit on 12 team examples: rules for technical_question count \d+ %/,
    );

    // Applied: the contradicted examples now go the team's way, the confirmed ones stay.
    const adjusted = { ...file, team: a };
    const top = (h: HeldOut) => {
      const c = combine(adjusted, h.model, h.rules).category;
      return CATEGORY_IDS.reduce((x, y) => (c[y] > c[x] ? y : x));
    };
    expect(contradicted.map(top)).toEqual(contradicted.map(() => 'trust_doubt'));
    expect(confirmed.map(top)).toEqual(confirmed.map(() => 'support_needed'));
  });

  it('has nothing to fit without team examples', () => {
    expect(fitTeamAdjustment([], file)).toBeUndefined();
    expect(describeTeamAdjustment(undefined)).toBe('no team adjustment');
  });
});

describe('the adjustment in the model file', () => {
  const team = {
    rules: { ...scores({}), ...Object.fromEntries(CATEGORY_IDS.map((id) => [id, 1])), technical_question: 0 },
    bias: scores({ trust_doubt: 9 }),
    examples: 10,
  };
  const adjusted: ModelFile = { ...file, version: 'team-adjusted', team };
  const text = 'how do I change my PIN?';

  it('changes the answer where it applies, and says the team decided it', () => {
    expect(classify(text, rules, file).category).toBe('technical_question');
    const r = classify(text, rules, adjusted);
    expect(r.category).toBe('trust_doubt');
    expect(r.note).toBe("the team's corrections decided it (else technical_question)");
    expect(r.model).toBe('team-adjusted');
  });

  it('travels to the extension: a pulled team model with it is kept and used', () => {
    const stored = keepPulledModel(null, JSON.parse(JSON.stringify(adjusted)), '"e1"', new Date());
    const active = chooseModel(stored);
    expect(active).toMatchObject({ source: 'team', version: 'team-adjusted' });
    expect(classify(text, rules, active.model).category).toBe('trust_doubt');
  });

  it('a model written before it (linear-v1, no adjustment) still loads', () => {
    const v1 = { ...file, format: 'reply-tracker/linear-v1', team: undefined };
    expect(loadModel(v1).ok).toBe(true);
    expect(classify(text, rules, v1).category).toBe('technical_question');
  });

  it.each<[string, unknown]>([
    ['an unknown category', { ...adjusted, team: { ...team, bias: { memes: 1 } } }],
    ['a rules weight above 1', { ...adjusted, team: { ...team, rules: { trust_doubt: 7 } } }],
    ['no example count', { ...adjusted, team: { rules: {}, bias: {} } }],
  ])('one with %s is refused: the rules answer alone and say so', (_name, bad) => {
    expect(loadModel(bad).ok).toBe(false);
    const r = classify(text, rules, bad);
    expect(r.source).toBe('rules');
    expect(r.note).toMatch(/model could not be used.*rules answered alone/);
    const stored = keepPulledModel(null, bad, '"e2"', new Date());
    expect(chooseModel(stored)).toMatchObject({ source: 'seed' });
  });
});
