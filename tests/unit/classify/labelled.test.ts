// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { compileRules } from '../../../lib/classify/classifier';
import { DEFAULT_RULES } from '../../../lib/classify/default-rules';
import { evaluate, formatEvaluation } from '../../../lib/classify/evaluate';
import { CATEGORY_IDS } from '../../../lib/schemas/categories';
import { loadMentions } from '../../fixtures/mentions';

const rules = compileRules(DEFAULT_RULES);

describe('the labelled set', () => {
  const samples = loadMentions('labelled');

  it('is big enough, in both languages, with every category', () => {
    expect(samples.length).toBeGreaterThanOrEqual(150);
    expect(samples.filter((s) => s.lang === 'ru').length / samples.length).toBeGreaterThanOrEqual(0.4);
    for (const id of CATEGORY_IDS)
      expect(samples.filter((s) => s.category === id).length, id).toBeGreaterThanOrEqual(15);
    expect(samples.filter((s) => s.note?.includes('sarcasm')).length).toBeGreaterThan(0);
    expect(
      samples.filter((s) => s.note?.includes('question that is also a complaint')).length,
    ).toBeGreaterThan(0);
    expect(samples.filter((s) => s.note?.includes('scam accusation as a question')).length).toBeGreaterThan(
      0,
    );
  });

  it('is classified at ≥ 85 % overall with no category under 70 %', () => {
    const e = evaluate(samples, rules);
    console.log(formatEvaluation('labelled.jsonl (held out while tuning)', e));
    for (const m of e.misses) console.log(`  miss: ${m.expected} → ${m.got.category}: ${m.text}`);
    expect(e.accuracy).toBeGreaterThanOrEqual(0.85);
    for (const id of CATEGORY_IDS) expect(e.perCategory[id].accuracy, id).toBeGreaterThanOrEqual(0.7);
  });
});

it('the unseen set (written after the first rules were frozen, tuned on since) stays where tuning left it', () => {
  const e = evaluate(loadMentions('unseen'), rules);
  console.log(formatEvaluation('unseen.jsonl (tuned on since the rules were broadened)', e));
  // 73.8 % before the broadening, 100 % after; tuned on, so this only catches a change that breaks it.
  expect(e.accuracy).toBeGreaterThanOrEqual(0.9);
});

it('the fresh set (written without seeing the rules, never tuned on) shows what to expect on new text', () => {
  const e = evaluate(loadMentions('fresh'), rules);
  console.log(formatEvaluation('fresh.jsonl (never tuned on)', e));
  console.log(
    `  accuracy by confidence: ${e.calibration.map((c) => `${c.band}: ${(c.accuracy * 100).toFixed(0)} % of ${c.total}`).join(', ')}`,
  );
  // Measured once, after the broadened rules were committed: 83.8 % (134/160). The floor is that minus
  // 5 points: it catches a rules change that makes the classifier worse on new text. Never tune on this set.
  expect(e.accuracy).toBeGreaterThanOrEqual(0.7875);
});

it('the dev set is what the rules were tuned on', () => {
  const e = evaluate(loadMentions('dev'), rules);
  console.log(formatEvaluation('dev.jsonl (tuned on)', e));
  expect(e.accuracy).toBeGreaterThanOrEqual(0.9);
});
