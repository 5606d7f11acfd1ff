/**
 * What the server suggests for a mention on arrival: the classifier's category, confidence, deciding
 * words and polarity, and a language. Pure, so the bench, the tests and the server all triage alike.
 */
import { type CompiledRules, classify } from '../classify';
import type { MentionTriage } from '../schemas/mention';

const CYRILLIC = /\p{Script=Cyrillic}/gu;
const LATIN = /\p{Script=Latin}/gu;

/**
 * The platform's own language tag when it gave a real one (X says `qme`, `zxx`, `und` for emoji-only or
 * unknown), else the script that dominates the letters: `ru` for Cyrillic, `en` for Latin, `und`.
 */
export function languageOf(text: string, reported?: string): string {
  const tag = reported?.toLowerCase();
  if (tag && /^[a-z]{2}(-[a-z0-9]+)?$/.test(tag)) return tag.slice(0, 2);
  const cyr = text.match(CYRILLIC)?.length ?? 0;
  const lat = text.match(LATIN)?.length ?? 0;
  if (cyr === 0 && lat === 0) return 'und';
  return cyr >= lat ? 'ru' : 'en';
}

export function triage(text: string, reportedLang: string | undefined, rules?: CompiledRules): MentionTriage {
  const c = rules ? classify(text, rules) : classify(text);
  return {
    category: c.category,
    confidence: Math.round(c.confidence * 1000) / 1000,
    reason: c.matched.slice(0, 5),
    // The classifier's own polarity (issue 13), not one derived from the category.
    polarity: c.polarity,
    language: languageOf(text, reportedLang),
  };
}
