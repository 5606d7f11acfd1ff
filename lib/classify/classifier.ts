/**
 * Suggests a category and a polarity for a mention. Two sources are combined: a statistical model
 * (model.ts, trained by scripts/train-classifier.ts) that reads how people really write, and weighted
 * phrases (the rules) that explain the answer ("because of …") and let a manager steer it. The rules are
 * a bag of phrases with a few general mechanisms on top: longest match wins a span, negation, typo
 * tolerance, and "dampen" rules by which one kind of evidence outranks another.
 */
import { CATEGORY_IDS, type CategoryId } from '../schemas/categories';
import type { ClassifierRules, Dampen } from '../schemas/rules';
import {
  isSignal,
  type PhrasePart,
  type TokenizeOptions,
  type Tokens,
  tokenize,
  tokenizePhrase,
} from '../schemas/tokenize';
import { LIKELY_CONFIDENCE } from './confidence';
import { DEFAULT_RULES } from './default-rules';
import { argmax, combine, type LinearModel, NOTHING_TO_READ, type Polarity, scoreWithModel } from './model';
import { type ModelSource, resolveModel } from './seed-model';

/** What the rules alone say. */
export interface RulesClassification {
  category: CategoryId;
  /** 0..1: how clearly the winner beat the runner-up (and the "no evidence" line). */
  confidence: number;
  /** The words and phrases, as they appear in the text, that speak for the category; strongest first. */
  matched: string[];
  /** Each category's evidence after negation and dampening. */
  scores: Record<CategoryId, number>;
  /** The words that speak for each category, strongest first. */
  evidence: Partial<Record<CategoryId, string[]>>;
  /** A manager's override phrase matched: its category is the answer, whatever the model says. */
  override?: { category: CategoryId; phrase: string };
}

/** "likely": confidence ≥ 0.8, right about 95 % of the time on held-out data; otherwise "unsure". */
export type ConfidenceBand = 'likely' | 'unsure';

export interface Classification {
  category: CategoryId;
  /** 0..1, calibrated: of the answers given with confidence 0.8, about 80 % are right. */
  confidence: number;
  band: ConfidenceBand;
  /** Negative, neutral or positive: how the author speaks of the product. */
  polarity: Polarity;
  polarityConfidence: number;
  /** The rules' words and phrases, as they appear in the text, that speak for the category; strongest first. */
  matched: string[];
  /** Each category's rule evidence after negation and dampening. */
  scores: Record<CategoryId, number>;
  /** What answered: the model with the rules, or the rules alone (no model, or one that would not load). */
  source: 'model+rules' | 'rules';
  /** The model's version when it took part. */
  model?: string;
  /** Why the answer deserves less trust, or why the model was left out. */
  note?: string;
}

type Part = PhrasePart;
interface Entry {
  id: number;
  category: CategoryId;
  weight: number;
  parts: Part[];
  negatable: boolean;
  override: boolean;
  /** Part of a combination: which one, and which of its groups. Not scored on its own. */
  combo?: { index: number; group: number };
}

interface CompiledCombo {
  category: CategoryId;
  weight: number;
  groups: number;
}

export interface CompiledRules {
  readonly rules: ClassifierRules;
  readonly tokenizeOptions: TokenizeOptions;
  readonly exact: Map<string, Entry[]>;
  readonly prefix: Map<string, Entry[]>;
  readonly prefixLengths: number[];
  readonly fuzzyWords: Map<string, Entry[]>;
  readonly fuzzyStems: Map<string, Entry[]>;
  readonly fuzzyStemLengths: number[];
  readonly fuzzyMinLength: number;
  readonly fuzzyFactor: number;
  readonly negExact: Set<string>;
  readonly negPrefixes: string[];
  readonly negWindow: number;
  readonly negFactor: number;
  readonly negRedirect: { to: CategoryId; factor: number } | undefined;
  readonly combos: readonly CompiledCombo[];
  readonly skip: ReadonlySet<string>;
  readonly dampen: readonly Dampen[];
  readonly fallback: CategoryId;
  readonly minScore: number;
  readonly temperature: number;
}

const push = <K, V>(map: Map<K, V[]>, key: K, value: V) => {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
};

function deletes(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length; i++) out.push(word.slice(0, i) + word.slice(i + 1));
  return out;
}

/** Levenshtein distance ≤ 1, counting an adjacent swap ("recieve") as one edit. */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > 1) return false;
  let i = 0;
  while (i < la && i < lb && a[i] === b[i]) i++;
  if (la === lb) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/** Precompile rules once (lookup maps, typo index); pass the result to `classify` for every text. */
export function compileRules(rules: ClassifierRules): CompiledRules {
  const emoji = new Map<string, string>();
  for (const [k, v] of Object.entries(rules.emoji ?? {})) emoji.set(k.replace(/[\ufe0e\ufe0f]/g, ''), v);
  const tokenizeOptions: TokenizeOptions = {
    emoji,
    brandHandles: new Set((rules.brandHandles ?? []).map((h) => h.replace(/^@/, '').toLowerCase())),
  };
  const negCats = new Set<CategoryId>(rules.negation?.categories ?? []);
  const fuzzyMinLength = rules.fuzzy?.minLength ?? Number.POSITIVE_INFINITY;

  const exact = new Map<string, Entry[]>();
  const prefix = new Map<string, Entry[]>();
  const fuzzyWords = new Map<string, Entry[]>();
  const fuzzyStems = new Map<string, Entry[]>();
  const prefixLengths = new Set<number>();
  const fuzzyStemLengths = new Set<number>();
  let id = 0;
  for (const category of CATEGORY_IDS) {
    // Two phrases that read the same ("dont trust", "don't trust") count once: the first one wins.
    const seen = new Set<string>();
    for (const phrase of rules.categories[category]?.phrases ?? []) {
      const parts = tokenizePhrase(phrase.match, tokenizeOptions);
      const first = parts[0];
      if (!first) continue;
      const key = parts.map((p) => (p.prefix ? `${p.text}*` : p.text)).join(' ');
      if (seen.has(key)) continue;
      seen.add(key);
      const entry: Entry = {
        id: id++,
        category,
        weight: phrase.weight,
        parts,
        negatable: phrase.negatable ?? negCats.has(category),
        override: phrase.override ?? false,
      };
      if (first.prefix) {
        push(prefix, first.text, entry);
        prefixLengths.add(first.text.length);
      } else push(exact, first.text, entry);
      if (parts.length !== 1 || isSignal(first.text)) continue;
      // Typos are tolerated in long single words only: short ones collide with real words.
      if (!first.prefix && first.text.length >= fuzzyMinLength) {
        for (const key of [first.text, ...deletes(first.text)]) push(fuzzyWords, key, entry);
      } else if (first.prefix && first.text.length >= fuzzyMinLength) {
        // Stems shorter than that matched too much ("morning" came within one edit of "moron*").
        for (const key of [first.text, ...deletes(first.text)]) push(fuzzyStems, key, entry);
        fuzzyStemLengths.add(first.text.length);
      }
    }
  }

  const combos: CompiledCombo[] = [];
  (rules.combos ?? []).forEach((combo, index) => {
    combos.push({ category: combo.category, weight: combo.weight, groups: combo.all.length });
    combo.all.forEach((group, g) => {
      for (const match of group) {
        const parts = tokenizePhrase(match, tokenizeOptions);
        const first = parts[0];
        if (!first) continue;
        const entry: Entry = {
          id: id++,
          category: combo.category,
          weight: 0,
          parts,
          negatable: false,
          override: false,
          combo: { index, group: g },
        };
        if (first.prefix) {
          push(prefix, first.text, entry);
          prefixLengths.add(first.text.length);
        } else push(exact, first.text, entry);
      }
    });
  });

  const negExact = new Set<string>();
  const negPrefixes: string[] = [];
  for (const term of rules.negation?.terms ?? []) {
    const part = tokenizePhrase(term)[0];
    if (!part) continue;
    if (part.prefix) negPrefixes.push(part.text);
    else negExact.add(part.text);
  }

  return {
    rules,
    tokenizeOptions,
    exact,
    prefix,
    prefixLengths: [...prefixLengths].sort((a, b) => a - b),
    fuzzyWords,
    fuzzyStems,
    fuzzyStemLengths: [...fuzzyStemLengths],
    fuzzyMinLength,
    fuzzyFactor: rules.fuzzy?.factor ?? 1,
    negExact,
    negPrefixes,
    negWindow: rules.negation?.window ?? 0,
    negFactor: rules.negation?.factor ?? 1,
    negRedirect: rules.negation?.redirect,
    combos,
    skip: new Set((rules.skip ?? []).map((w) => tokenizePhrase(w)[0]?.text ?? '')),
    dampen: rules.dampen ?? [],
    fallback: rules.fallback,
    minScore: rules.minScore ?? 1,
    temperature: rules.temperature ?? 1,
  };
}

const MAX_SKIP = 2;
const partMatches = (p: Part, word: string) => (p.prefix ? word.startsWith(p.text) : word === p.text);

interface Hit {
  entry: Entry;
  start: number;
  length: number;
  fuzzy: boolean;
}

function fuzzyCandidates(c: CompiledRules, word: string): Entry[] {
  const found = new Set<Entry>();
  for (const key of [word, ...deletes(word)]) {
    for (const e of c.fuzzyWords.get(key) ?? []) if (withinOneEdit(word, e.parts[0]!.text)) found.add(e);
  }
  for (const len of c.fuzzyStemLengths) {
    for (const cut of [len - 1, len, len + 1]) {
      if (cut > word.length) continue;
      const head = word.slice(0, cut);
      for (const key of [head, ...deletes(head)]) {
        for (const e of c.fuzzyStems.get(key) ?? []) if (withinOneEdit(head, e.parts[0]!.text)) found.add(e);
      }
    }
  }
  return [...found];
}

function findHits(c: CompiledRules, words: string[], sentence: number[]): Hit[] {
  const hits: Hit[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    let candidates: Entry[] = c.exact.get(w) ?? [];
    for (const len of c.prefixLengths) {
      if (len > w.length) break;
      const more = c.prefix.get(w.slice(0, len));
      if (more) candidates = candidates.concat(more);
    }
    let fuzzy = false;
    if (candidates.length === 0 && w.length >= c.fuzzyMinLength && !isSignal(w)) {
      candidates = fuzzyCandidates(c, w);
      fuzzy = true;
    }
    for (const entry of candidates) {
      const n = entry.parts.length;
      let j = i + 1;
      let ok = true;
      let skipped = 0;
      for (let k = 1; ok && k < n; k++) {
        const part = entry.parts[k]!;
        // Step over fillers ("can't even withdraw"), at most MAX_SKIP of them in one phrase.
        while (
          skipped < MAX_SKIP &&
          j < words.length &&
          sentence[j] === sentence[i] &&
          c.skip.has(words[j]!) &&
          !partMatches(part, words[j]!)
        ) {
          j++;
          skipped++;
        }
        ok = j < words.length && sentence[j] === sentence[i] && partMatches(part, words[j]!);
        j++;
      }
      if (ok) hits.push({ entry, start: i, length: j - i, fuzzy });
    }
  }
  return hits;
}

/** Longer phrases claim their words first ("where is my money" leaves nothing for "where"). */
function resolveOverlaps(hits: Hit[], size: number): Hit[] {
  hits.sort((a, b) => b.length - a.length || Math.abs(b.entry.weight) - Math.abs(a.entry.weight));
  const claimed = new Uint8Array(size);
  const kept: Hit[] = [];
  let level = Number.POSITIVE_INFINITY;
  let pending: Hit[] = [];
  const flush = () => {
    for (const h of pending) claimed.fill(1, h.start, h.start + h.length);
    pending = [];
  };
  for (const h of hits) {
    if (h.length < level) {
      flush();
      level = h.length;
    }
    let free = true;
    for (let k = h.start; free && k < h.start + h.length; k++) free = claimed[k] === 0;
    if (!free) continue;
    kept.push(h);
    pending.push(h);
  }
  return kept;
}

function isNegator(c: CompiledRules, word: string): boolean {
  if (c.negExact.has(word)) return true;
  for (const p of c.negPrefixes) if (word.startsWith(p)) return true;
  return false;
}

function negatorBefore(c: CompiledRules, start: number, tokens: Tokens): number {
  const { words, clause, sentence, questions } = tokens;
  // "Are you sure it's not a scam?" still doubts: a negated claim inside a question is not a denial.
  if (questions.has(sentence[start]!)) return -1;
  for (let k = 1; k <= c.negWindow; k++) {
    const j = start - k;
    if (j < 0 || clause[j] !== clause[start]) break;
    if (isNegator(c, words[j]!)) return j;
  }
  return -1;
}

const emptyScores = (): Record<CategoryId, number> =>
  Object.fromEntries(CATEGORY_IDS.map((id) => [id, 0])) as Record<CategoryId, number>;

const cache = new WeakMap<ClassifierRules, CompiledRules>();
function compiled(rules: ClassifierRules | CompiledRules): CompiledRules {
  if ('exact' in rules) return rules;
  let c = cache.get(rules);
  if (!c) {
    c = compileRules(rules);
    cache.set(rules, c);
  }
  return c;
}

export { LIKELY_CONFIDENCE };

/** An answer the model could barely read (no words, cut short, another script) is never "likely". */
const CAVEAT_CEILING = 0.5;
/** Past this the text is cut for the rules too: a pasted essay must not stall the sidebar. */
const MAX_RULES_CHARS = 4000;

/** Polarity when only the rules answer: what each category usually is. */
const RULES_POLARITY: Record<CategoryId, Polarity> = {
  technical_question: 'neutral',
  support_needed: 'negative',
  trust_doubt: 'negative',
  rumor_narrative: 'negative',
  incident_complaint: 'negative',
  trolling: 'negative',
  legal_security_risk: 'negative',
  positive_neutral: 'positive',
};

/**
 * Suggest a category and polarity for one text. Pass compiled rules when classifying many texts, and a
 * model (a loaded one, a model file, or `null` for the rules alone); by default the seed model shipped
 * with the extension. Never throws: bad input gets an "unsure" answer, a bad model the rules' answer
 * with a note saying so.
 */
export function classify(
  text: string,
  rules: ClassifierRules | CompiledRules = DEFAULT_RULES,
  model?: ModelSource,
): Classification {
  const input = typeof text === 'string' ? text : '';
  const r = classifyByRules(input.length > MAX_RULES_CHARS ? input.slice(0, MAX_RULES_CHARS) : input, rules);
  const resolved = resolveModel(model);
  if (!resolved.ok) return fromRules(r, resolved.reason);
  return withModel(input, r, resolved.model);
}

function fromRules(r: RulesClassification, note: string | undefined): Classification {
  const confidence = Math.min(r.confidence, CAVEAT_CEILING);
  return {
    category: r.category,
    confidence,
    band: 'unsure',
    polarity: RULES_POLARITY[r.category],
    polarityConfidence: CAVEAT_CEILING,
    matched: r.matched,
    scores: r.scores,
    source: 'rules',
    ...(note ? { note } : {}),
  };
}

function withModel(text: string, r: RulesClassification, m: LinearModel): Classification {
  const s = scoreWithModel(m, text);
  if (s.caveat === NOTHING_TO_READ) return { ...fromRules(r, s.caveat), model: m.file.version };
  const c = combine(m.file, s, r.scores);
  const category = r.override?.category ?? argmax(c.category);
  // What the combination would have said without what the team's corrections taught it: named when
  // that is what changed the answer.
  const untaught =
    m.file.team && !r.override
      ? argmax(combine({ ...m.file, team: undefined }, s, r.scores).category)
      : category;
  const polarity = argmax(c.polarity);
  let confidence = c.category[category];
  let polarityConfidence = c.polarity[polarity];
  if (s.caveat) {
    confidence = Math.min(confidence, CAVEAT_CEILING);
    polarityConfidence = Math.min(polarityConfidence, CAVEAT_CEILING);
  }
  return {
    category,
    confidence,
    band: confidence >= LIKELY_CONFIDENCE ? 'likely' : 'unsure',
    polarity,
    polarityConfidence,
    matched: r.evidence[category] ?? [],
    scores: r.scores,
    source: 'model+rules',
    model: m.file.version,
    ...(s.caveat
      ? { note: s.caveat }
      : r.override
        ? { note: `the team's rule "${r.override.phrase}" decided it` }
        : untaught !== category
          ? { note: `the team's corrections decided it (else ${untaught})` }
          : {}),
  };
}

/** What the rules alone say about one text. */
export function classifyByRules(
  text: string,
  rules: ClassifierRules | CompiledRules = DEFAULT_RULES,
): RulesClassification {
  const c = compiled(rules);
  const tokens = tokenize(text, c.tokenizeOptions);
  const { words, surface, sentence } = tokens;
  const scores = emptyScores();
  for (const id of CATEGORY_IDS) scores[id] = c.rules.categories[id]?.bias ?? 0;
  const evidence = new Map<CategoryId, { shown: string; weight: number }[]>();
  const counted = new Set<number>();
  let override: { category: CategoryId; phrase: string; weight: number } | undefined;

  const hits = findHits(c, words, sentence);
  const phraseHits: Hit[] = [];
  // For each combination, the words that satisfied each of its groups (the first such phrase).
  let comboParts: (string | undefined)[][] | undefined;
  for (const h of hits) {
    const combo = h.entry.combo;
    if (!combo) {
      phraseHits.push(h);
      continue;
    }
    comboParts ??= c.combos.map((k) => new Array<string | undefined>(k.groups));
    const seen = comboParts[combo.index]!;
    seen[combo.group] ??= surface.slice(h.start, h.start + h.length).join(' ');
  }
  if (comboParts) {
    comboParts.forEach((seen, i) => {
      const k = c.combos[i]!;
      for (let g = 0; g < k.groups; g++) if (seen[g] === undefined) return;
      scores[k.category] += k.weight;
      push(evidence, k.category, { shown: seen.join(' + '), weight: k.weight });
    });
  }

  for (const hit of resolveOverlaps(phraseHits, words.length)) {
    if (counted.has(hit.entry.id)) continue; // "scam scam scam" is one piece of evidence
    counted.add(hit.entry.id);
    const { category } = hit.entry;
    const weight = hit.entry.weight * (hit.fuzzy ? c.fuzzyFactor : 1);
    const neg = hit.entry.negatable ? negatorBefore(c, hit.start, tokens) : -1;
    if (neg === -1) {
      const shown = surface.slice(hit.start, hit.start + hit.length).join(' ');
      if (hit.entry.override && weight > 0 && (!override || weight > override.weight)) {
        override = { category, phrase: shown, weight };
      }
      scores[category] += weight;
      push(evidence, category, { shown: surface.slice(hit.start, hit.start + hit.length).join(' '), weight });
      continue;
    }
    scores[category] += weight * c.negFactor;
    if (c.negRedirect && c.negRedirect.to !== category && weight > 0) {
      const moved = weight * c.negRedirect.factor;
      scores[c.negRedirect.to] += moved;
      push(evidence, c.negRedirect.to, {
        shown: surface.slice(neg, hit.start + hit.length).join(' '),
        weight: moved,
      });
    }
  }

  for (const d of c.dampen) {
    if (!d.when.some((w) => scores[w] >= d.atLeast)) continue;
    for (const t of d.target) if (scores[t] > 0) scores[t] *= d.factor;
  }

  const r = decide(c, scores, evidence);
  return override ? { ...r, override: { category: override.category, phrase: override.phrase } } : r;
}

function decide(
  c: CompiledRules,
  scores: Record<CategoryId, number>,
  evidence: Map<CategoryId, { shown: string; weight: number }[]>,
): RulesClassification {
  let top: CategoryId = c.fallback;
  for (const id of CATEGORY_IDS) if (scores[id] > scores[top]) top = id;

  // Softmax over the categories plus a "no evidence" reference at minScore.
  const t = c.temperature;
  const ref = Math.exp(c.minScore / t);
  let sum = ref;
  const exp = emptyScores();
  for (const id of CATEGORY_IDS) {
    exp[id] = Math.exp(scores[id] / t);
    sum += exp[id];
  }
  const p = (id: CategoryId) => exp[id] / sum;

  let category = top;
  let confidence: number;
  if (scores[top] < c.minScore) {
    category = c.fallback;
    confidence = p(c.fallback);
  } else {
    let runnerUp = ref / sum;
    for (const id of CATEGORY_IDS) if (id !== top) runnerUp = Math.max(runnerUp, p(id));
    confidence = p(top) - runnerUp;
  }

  const shown: RulesClassification['evidence'] = {};
  for (const [id, list] of evidence) {
    const words: string[] = [];
    for (const e of list.filter((x) => x.weight > 0).sort((a, b) => b.weight - a.weight)) {
      if (!words.includes(e.shown)) words.push(e.shown);
    }
    if (words.length) shown[id] = words;
  }
  const rounded = emptyScores();
  for (const id of CATEGORY_IDS) rounded[id] = Math.round(scores[id] * 1000) / 1000;
  return {
    category,
    confidence: Math.max(0, Math.min(1, confidence)),
    matched: shown[category] ?? [],
    scores: rounded,
    evidence: shown,
  };
}
