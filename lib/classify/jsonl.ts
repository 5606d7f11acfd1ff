/** One line of `npm run classify`: a JSON line in, a JSON line out, an error line for bad input. */
import { type CompiledRules, classify } from './classifier';
import type { ModelSource } from './seed-model';

export interface LineResult {
  /** The JSON line to print. */
  output: string;
  ok: boolean;
}

const round = (n: number) => Math.round(n * 1000) / 1000;

export function classifyJsonLine(line: string, rules: CompiledRules, model?: ModelSource): LineResult {
  let input: unknown;
  try {
    input = JSON.parse(line);
  } catch (e) {
    return { ok: false, output: JSON.stringify({ error: `not JSON: ${(e as Error).message}` }) };
  }
  const text = typeof input === 'object' && input !== null ? (input as { text?: unknown }).text : undefined;
  if (typeof text !== 'string') {
    return { ok: false, output: JSON.stringify({ error: 'expected an object with a string "text"' }) };
  }
  const r = classify(text, rules, model);
  return {
    ok: true,
    output: JSON.stringify({
      category: r.category,
      confidence: round(r.confidence),
      band: r.band,
      polarity: r.polarity,
      polarityConfidence: round(r.polarityConfidence),
      matched: r.matched,
      ...(r.note ? { note: r.note } : {}),
    }),
  };
}
