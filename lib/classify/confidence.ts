/**
 * The classifier's confidence in words, the only way the UI shows it. Since issue 13 the number is a
 * calibrated probability (model and rules combined, fit on held-out data), so "likely" is ≥ 0.8: on the
 * blind set such answers were right 96 % of the time (bench/classify.ts).
 */
export type ConfidenceWord = 'likely' | 'unsure' | 'no-signal';

export interface ConfidenceBands {
  /** At or above: "likely". */
  likely: number;
}

/** The calibrated confidence at which an answer is "likely"; the classifier's `band` uses it too. */
export const LIKELY_CONFIDENCE = 0.8;

export const DEFAULT_CONFIDENCE_BANDS: ConfidenceBands = { likely: LIKELY_CONFIDENCE };

export interface ConfidenceInWords {
  word: ConfidenceWord;
  /** For a sentence: "likely", "unsure", "no clear signs". */
  text: string;
}

export function confidenceInWords(
  s: { confidence: number; matched: readonly string[] },
  bands: ConfidenceBands = DEFAULT_CONFIDENCE_BANDS,
): ConfidenceInWords {
  // The model can be sure without any of the rules' phrases: a likely answer needs no matched words.
  if (s.confidence >= bands.likely) return { word: 'likely', text: 'likely' };
  if (s.matched.length === 0) return { word: 'no-signal', text: 'no clear signs' };
  return { word: 'unsure', text: 'unsure' };
}
