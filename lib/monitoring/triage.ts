/**
 * What the server suggests for a mention on arrival: the classifier's category, confidence and deciding
 * words, a polarity and a language. Pure, so the bench, the tests and the server all triage alike.
 */
import { type Classification, type CompiledRules, classify } from '../classify';
import type { CategoryId } from '../schemas/categories';
import type { MentionTriage, Polarity } from '../schemas/mention';

const NEGATIVE: ReadonlySet<CategoryId> = new Set([
  'support_needed',
  'trust_doubt',
  'rumor_narrative',
  'incident_complaint',
  'trolling',
  'legal_security_risk',
]);

/**
 * PROVISIONAL (2026-11-26): the classifier does not give a polarity yet (issue 13 adds one). Until it
 * does, polarity follows the category: the complaint-like categories are negative, a question is
 * neutral, and "positive / neutral" is positive only when words spoke for it (else it is the
 * classifier's fallback for "nothing found"). Swap this one function for the classifier's answer.
 */
export function polarityOf(c: Pick<Classification, 'category' | 'matched'>): Polarity {
  if (NEGATIVE.has(c.category)) return 'negative';
  if (c.category === 'positive_neutral' && c.matched.length > 0) return 'positive';
  return 'neutral';
}

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
    polarity: polarityOf(c),
    language: languageOf(text, reportedLang),
  };
}
