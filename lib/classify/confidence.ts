/**
 * The classifier's confidence in words, the only way the UI shows it: a percentage read "0 % sure"
 * beside three matching phrases (the number is the winner's margin over the runner-up, not a
 * probability of being right). Issue 13 calibrates the number; its bands replace these.
 */
export type ConfidenceWord = 'likely' | 'unsure' | 'no-signal';

export interface ConfidenceBands {
  /** At or above: "likely". Measured 2026-11-26 on labelled + unseen + fresh (440 mentions): texts at
   *  ≥ 0.2 were right 95–100 % of the time, texts below 0.2 about 60 %. */
  likely: number;
}

export const DEFAULT_CONFIDENCE_BANDS: ConfidenceBands = { likely: 0.2 };

export interface ConfidenceInWords {
  word: ConfidenceWord;
  /** For a sentence: "likely", "unsure", "no clear signs". */
  text: string;
}

export function confidenceInWords(
  s: { confidence: number; matched: readonly string[] },
  bands: ConfidenceBands = DEFAULT_CONFIDENCE_BANDS,
): ConfidenceInWords {
  if (s.matched.length === 0) return { word: 'no-signal', text: 'no clear signs' };
  if (s.confidence >= bands.likely) return { word: 'likely', text: 'likely' };
  return { word: 'unsure', text: 'unsure' };
}
