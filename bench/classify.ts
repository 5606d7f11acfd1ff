/**
 * The classifier's figures for `npm run bench`: top-1 accuracy on the labelled, unseen and fresh sets (overall,
 * per category, per language) and
 * the time to classify one text with rules compiled once, as the sidebar does for every thread opened.
 */

import { classify, compileRules } from '../lib/classify/classifier';
import { DEFAULT_RULES } from '../lib/classify/default-rules';
import { evaluate, formatEvaluation } from '../lib/classify/evaluate';
import { loadMentions, type MentionSet } from '../tests/fixtures/mentions';
import { stats } from './stats';

const us = (ms: number) => `${(ms * 1000).toFixed(1)} µs`;

export async function benchClassifier(passes = 100): Promise<void> {
  const t0 = performance.now();
  const rules = compileRules(DEFAULT_RULES);
  const compileMs = performance.now() - t0;

  const labelled = loadMentions('labelled');
  const sets: [MentionSet, string][] = [
    ['labelled', 'classifier on tests/fixtures/mentions/labelled.jsonl (held out while tuning)'],
    ['unseen', 'classifier on unseen.jsonl (written after the first rules were frozen; tuned on since)'],
    ['fresh', 'classifier on fresh.jsonl (written without seeing the rules; never tuned on)'],
  ];
  for (const [set, title] of sets) {
    const e = evaluate(set === 'labelled' ? labelled : loadMentions(set), rules);
    console.log(formatEvaluation(title, e));
    if (set === 'labelled') continue;
    console.log(
      `  accuracy by confidence: ${e.calibration.map((c) => `${c.band} ${(c.accuracy * 100).toFixed(0)} % (n=${c.total})`).join(', ')}`,
    );
  }

  const texts = labelled.map((m) => m.text);
  for (const t of texts) classify(t, rules); // warm up the JIT before timing
  const times: number[] = [];
  for (let pass = 0; pass < passes; pass++) {
    for (const t of texts) {
      const s = performance.now();
      classify(t, rules);
      times.push(performance.now() - s);
    }
  }
  const r = stats(times);
  console.log(
    `classifier speed: ${times.length} classifications (${passes} passes over ${texts.length} texts), rules compiled once in ${compileMs.toFixed(1)} ms`,
  );
  // The max is usually one garbage-collection pause landing inside a single call.
  console.log(`  per text: median ${us(r.median)}, p95 ${us(r.p95)}, p99 ${us(r.p99)}, max ${us(r.max)}`);
}

// Run directly: `npx tsx bench/classify.ts`.
if (import.meta.url === `file://${process.argv[1]}`) await benchClassifier();
