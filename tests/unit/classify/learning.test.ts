// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { classify, compileRules } from '../../../lib/classify/classifier';
import { DEFAULT_RULES } from '../../../lib/classify/default-rules';
import { retrain, TEAM_WEIGHT } from '../../../lib/classify/retrain';
import { loadSeedExamples } from '../../../lib/classify/seed/load';
import { seedModel } from '../../../lib/classify/seed-model';
import { type TrainingExample, trainModel } from '../../../lib/classify/train';

const rules = compileRules(DEFAULT_RULES);

// The manager decides that complaints about quietly changed fees and cashback are doubts about
// transparency, and corrects ten of them.
const corrections: TrainingExample[] = [
  'they raised the FX fee again without a word, what else are they hiding',
  'cashback quietly went from 2% to 1%, nobody announced anything',
  'new pricing page, card payments now cost 1% and it was never mentioned',
  'silently added a monthly fee to my plan, found out from my statement',
  'premium got more expensive and the email came a week after the charge',
  'снова подняли комиссию за обмен и никому не сказали',
  'кэшбэк тихо урезали вдвое, ни одного уведомления',
  'ввели плату за обслуживание без предупреждения, узнал из выписки',
  'tiho podnyali komissiyu za perevody, nikto ne preduprezhdal',
  'urezali keshbek bez preduprezhdeniya',
].map((text, i) => ({
  text,
  category: 'trust_doubt',
  polarity: 'negative',
  lang: i < 5 ? 'en' : 'ru',
  team: true,
  weight: TEAM_WEIGHT,
}));

// Unseen texts of the same kind: a charge or benefit changed without telling anyone. (Complaints that a
// fee is merely high are another kind: the seed data has positive mentions about fees too.)
const similar = [
  'free ATM withdrawals went from 5 to 2 a month and they never told us',
  'they cut the cashback from 2% to 0.5% without telling anyone',
  'кэшбэк урезали с 2% до 0.5%, даже не предупредили',
  'лимит бесплатных снятий тихо снизили, ни письма, ни пуша',
];

describe('learning from the team', () => {
  it('ten corrections of one kind move the answer on similar texts it never saw, and leave the rest', () => {
    const seed = seedModel();
    if (!seed.ok) throw new Error('no seed model');
    const before = similar.map((t) => classify(t, rules, seed.model).category);
    expect(before.filter((c) => c === 'trust_doubt').length).toBeLessThanOrEqual(1);

    const team = trainModel([...loadSeedExamples(), ...corrections], {
      version: 'team-test',
      calibration: seed.model.file,
    });
    const after = similar.map((t) => classify(t, rules, team));
    console.log(similar.map((t, i) => `${before[i]} → ${after[i]!.category}: ${t}`).join('\n'));
    expect(after.filter((r) => r.category === 'trust_doubt').length).toBeGreaterThanOrEqual(3);
    expect(after.every((r) => r.model === 'team-test')).toBe(true);

    // Unrelated mentions keep their category.
    for (const [text, category] of [
      ['how do I change my PIN?', 'technical_question'],
      ['вывод висит неделю, поддержка молчит', 'support_needed'],
      ['app down for anyone else? 502 everywhere', 'incident_complaint'],
    ] as const) {
      expect(classify(text, rules, team).category).toBe(category);
    }
  }, 120_000);
});

describe('retraining', () => {
  // Calibration used to be fit on the team's examples alone: with none (or a handful) it picked the grid's
  // first weights and every retraining was refused as worse than the seed (82 % against 93 %).
  it('calibrates on the examples the rules never saw, so a run with nothing new matches the seed', () => {
    const seed = loadSeedExamples();
    const r = retrain({ seed, team: [], current: null, rules, version: 'team-empty' });
    expect(r.evaluation.accuracy).toBeGreaterThanOrEqual(r.baseline.accuracy - 0.01);
    expect(r.evaluation.accuracy).toBeGreaterThan(0.88);
    expect(r.publish).toBe(true);
  }, 180_000);
});
