/**
 * Classifier rules: data the community manager edits (phrases and weights per category), validated here
 * before the classifier, the options page or the server ever use them.
 */
import { z } from 'zod';
import { CATEGORY_IDS, CategoryIdSchema } from './categories';
import { TextSchema } from './common';
import { BUILTIN_SIGNALS, isSignal, tokenizePhrase } from './tokenize';

export const WEIGHT_LIMIT = 10;
export const MAX_PHRASE_WORDS = 6;
const MIN_STEM = 3;

const weightError = `must be a number between -${WEIGHT_LIMIT} and ${WEIGHT_LIMIT}`;
const Weight = z
  .number({ error: weightError })
  .min(-WEIGHT_LIMIT, { error: weightError })
  .max(WEIGHT_LIMIT, { error: weightError });

const between = (lo: number, hi: number, int = false) => {
  const error = `must be ${int ? 'a whole number' : 'a number'} between ${lo} and ${hi}`;
  const n = z.number({ error }).min(lo, { error }).max(hi, { error });
  return int ? n.int({ error }) : n;
};

// Characters that only make sense in a regular expression; phrases are plain words with an optional * stem.
const REGEX_CHARS = /[\\|^[\]{}()+]|\.\*|\$(?![a-z])/i;

/** Why a phrase cannot be used, or null. Shared by phrases and negation terms. */
export function phraseProblem(match: string, knownSignals?: ReadonlySet<string>): string | null {
  if (!match.trim()) return 'must not be empty';
  if (REGEX_CHARS.test(match)) {
    return `"${match}" looks like a regular expression; write plain words, and * at the end of a word for a prefix (e.g. "withdraw*")`;
  }
  for (const part of match.split(/\s+/)) {
    const star = part.indexOf('*');
    if (star === -1) continue;
    if (star !== part.length - 1) return `"${part}": * is only allowed at the end of a word`;
    if ([...part.slice(0, -1)].filter((c) => /[\p{L}\p{N}]/u.test(c)).length < MIN_STEM) {
      return `"${part}": a prefix needs at least ${MIN_STEM} letters before *`;
    }
  }
  const parts = tokenizePhrase(match);
  const explicit = parts.filter((p) => isSignal(p.text)).map((p) => p.text);
  if (parts.length === 0) return 'must contain at least one letter, digit or :signal:';
  if (parts.length > MAX_PHRASE_WORDS) return `must be at most ${MAX_PHRASE_WORDS} words`;
  if (!knownSignals) return null;
  for (const sig of explicit) {
    if (!knownSignals.has(sig.slice(1, -1))) {
      return `unknown signal ${sig}; known: ${[...knownSignals].map((k) => `:${k}:`).join(' ')}`;
    }
  }
  return null;
}

/**
 * The form two phrases are compared in when looking for duplicates: as written (case and ё folded), so a
 * document saved before a spelling was read as another ("dont" and "don't") still validates; the
 * classifier counts such a pair once.
 */
export function phraseKey(match: string): string {
  return tokenizePhrase(match, { sameWord: false })
    .map((p) => (p.prefix ? `${p.text}*` : p.text))
    .join(' ');
}

export const PhraseSchema = z.strictObject({
  /** Plain words; `*` ends a prefix ("вывод*" matches вывода, выводы…); `:signal:` matches an emoji or cue. */
  match: z
    .string({ error: 'must be a string' })
    .max(80, { error: 'must be at most 80 characters' })
    .superRefine((m, ctx) => {
      // Signals are checked against the emoji map once the whole rules object is known.
      const problem = phraseProblem(m);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
  /** Evidence for (positive) or against (negative) the category. */
  weight: Weight,
  /** For the editor's filters; matching ignores it (scripts rarely collide). */
  lang: z
    .string()
    .regex(/^[a-z]{2}$/, { error: 'must be a two-letter language code such as "en" or "ru"' })
    .optional(),
  /** Whether a negator just before ("not", "не") flips this phrase; defaults to the category's setting. */
  negatable: z.boolean({ error: 'must be true or false' }).optional(),
  /** The manager's word is final: when this phrase matches (not negated), its category wins over the model. */
  override: z.boolean({ error: 'must be true or false' }).optional(),
  note: TextSchema.max(200, { error: 'must be at most 200 characters' }).optional(),
});
export type Phrase = z.infer<typeof PhraseSchema>;

export const CategoryRulesSchema = z.strictObject({
  phrases: z.array(PhraseSchema, { error: 'must be a list of phrases' }).max(1000),
  /** Added to the category's score for every text; keep small. */
  bias: between(-5, 5).optional(),
});
export type CategoryRules = z.infer<typeof CategoryRulesSchema>;

const SignalName = z
  .string()
  .regex(/^[a-z][a-z_]{0,30}$/, { error: 'must be a signal name in lower case, e.g. "anger"' });

export const NegationSchema = z.strictObject({
  /** Negators, with optional * stems ("никак*"). */
  terms: z
    .array(z.string({ error: 'must be a string' }).max(40))
    .min(1, { error: 'must list at least one term' }),
  /** How many words before a phrase a negator may stand (within the same clause). */
  window: between(1, 6, true),
  /** Categories whose phrases negation affects ("not a scam"); others keep their weight. */
  categories: z.array(CategoryIdSchema),
  /** Multiplies a negated phrase's weight (0 drops it, negative turns it into counter-evidence). */
  factor: between(-1, 1),
  /** Denying a negative claim is itself a signal: "not a scam" speaks for positive_neutral. */
  redirect: z.strictObject({ to: CategoryIdSchema, factor: between(0, 2) }).optional(),
});

export const DampenSchema = z.strictObject({
  /** When any of these categories scores at least `atLeast`… */
  when: z.array(CategoryIdSchema).min(1, { error: 'must list at least one category' }),
  atLeast: between(0, 50),
  /** …these categories' positive scores are multiplied by `factor`. */
  target: z.array(CategoryIdSchema).min(1, { error: 'must list at least one category' }),
  factor: between(0, 1),
  note: TextSchema.max(200).optional(),
});
export type Dampen = z.infer<typeof DampenSchema>;

export const ComboSchema = z.strictObject({
  /** The category the combination speaks for. */
  category: CategoryIdSchema,
  /**
   * Groups of phrases (same syntax as phrases); the combination counts once when every group has a phrase
   * somewhere in the text, in any order and any sentence: ["asking for", "asks for"] with ["password*"].
   */
  all: z
    .array(
      z
        .array(
          z
            .string({ error: 'must be a string' })
            .max(80, { error: 'must be at most 80 characters' })
            .superRefine((m, ctx) => {
              const problem = phraseProblem(m);
              if (problem) ctx.addIssue({ code: 'custom', message: problem });
            }),
          { error: 'must be a list of phrases' },
        )
        .min(1, { error: 'must list at least one phrase' })
        .max(100),
      { error: 'must be a list of phrase groups' },
    )
    .min(2, { error: 'must list at least two groups of phrases' })
    .max(4, { error: 'must list at most 4 groups of phrases' }),
  weight: Weight,
  note: TextSchema.max(200).optional(),
});
export type Combo = z.infer<typeof ComboSchema>;

export const ClassifierRulesSchema = z
  .strictObject({
    version: z.literal(1, { error: 'must be 1' }),
    categories: z.partialRecord(CategoryIdSchema, CategoryRulesSchema),
    /** Emoji to signal names, e.g. "😡": "anger"; phrases then match ":anger:". */
    emoji: z.record(z.string(), SignalName).optional(),
    /** Handles (without @) that are the brand itself: they produce `:brand:` instead of `:mention:`. */
    brandHandles: z
      .array(z.string().regex(/^@?[A-Za-z0-9_]{1,30}$/, { error: 'must be an X handle like "@KovraApp"' }))
      .optional(),
    negation: NegationSchema.optional(),
    /** Filler words a phrase may step over between its words ("can't even withdraw" is "can't withdraw"). */
    skip: z
      .array(z.string({ error: 'must be a string' }).max(40), { error: 'must be a list of words' })
      .max(200)
      .optional(),
    /** Evidence that only counts together ("asking for" + "password"): added before dampening. */
    combos: z.array(ComboSchema).max(100).optional(),
    /** Applied in order after scoring: how one kind of evidence outranks another. */
    dampen: z.array(DampenSchema).max(20).optional(),
    /** Tolerate one typo in long words ("widthdrawal"); weight multiplied by `factor`. */
    fuzzy: z.strictObject({ minLength: between(4, 20, true), factor: between(0, 1) }).optional(),
    /** The category suggested when no category reaches `minScore`. */
    fallback: CategoryIdSchema,
    minScore: between(0, 20).optional(),
    /** Softmax temperature for the confidence: higher spreads it out. */
    temperature: between(0.1, 10).optional(),
  })
  .superRefine((rules, ctx) => {
    const signals = new Set<string>([...BUILTIN_SIGNALS, ...Object.values(rules.emoji ?? {})]);
    for (const [id, cat] of Object.entries(rules.categories)) {
      if (!cat) continue;
      const seen = new Map<string, number>();
      cat.phrases.forEach((p, i) => {
        const path = ['categories', id, 'phrases', i, 'match'];
        if (phraseProblem(p.match)) return; // reported on the field itself
        const problem = phraseProblem(p.match, signals);
        if (problem) {
          ctx.addIssue({ code: 'custom', path, message: problem });
          return;
        }
        const key = phraseKey(p.match);
        const first = seen.get(key);
        if (first !== undefined) {
          ctx.addIssue({ code: 'custom', path, message: `"${p.match}" duplicates phrases[${first}]` });
        } else seen.set(key, i);
      });
    }
    for (const key of Object.keys(rules.emoji ?? {})) {
      const plain = key.replace(/[\ufe0e\ufe0f]/g, '');
      if (!/^\p{Extended_Pictographic}$/u.test(plain)) {
        ctx.addIssue({ code: 'custom', path: ['emoji', key], message: `"${key}" must be a single emoji` });
      }
    }
    rules.combos?.forEach((combo, i) => {
      combo.all.forEach((group, g) => {
        group.forEach((m, k) => {
          if (phraseProblem(m)) return; // reported on the field itself
          const problem = phraseProblem(m, signals);
          if (problem) ctx.addIssue({ code: 'custom', path: ['combos', i, 'all', g, k], message: problem });
        });
      });
    });
    rules.skip?.forEach((t, i) => {
      const parts = tokenizePhrase(t);
      if (parts.length !== 1 || parts[0]!.prefix || isSignal(parts[0]!.text)) {
        ctx.addIssue({ code: 'custom', path: ['skip', i], message: `"${t}" must be a single plain word` });
      }
    });
    rules.negation?.terms.forEach((t, i) => {
      const problem = phraseProblem(t, signals);
      if (problem) ctx.addIssue({ code: 'custom', path: ['negation', 'terms', i], message: problem });
      else if (tokenizePhrase(t).length !== 1) {
        ctx.addIssue({
          code: 'custom',
          path: ['negation', 'terms', i],
          message: `"${t}" must be a single word`,
        });
      }
    });
    rules.dampen?.forEach((d, i) => {
      const both = d.target.filter((t) => d.when.includes(t));
      if (both.length > 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['dampen', i, 'target'],
          message: `${both.join(', ')} cannot dampen itself (also listed in "when")`,
        });
      }
    });
  });

/** Rules as stored and edited. */
export type ClassifierRules = z.infer<typeof ClassifierRulesSchema>;

export interface RulesError {
  /** Where, in the JSON: `categories.trust_doubt.phrases[3].weight`. */
  path: string;
  message: string;
}
export type RulesValidation = { ok: true; rules: ClassifierRules } | { ok: false; errors: RulesError[] };

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out || '(root)';
}

function issueToError(issue: z.core.$ZodIssue): RulesError[] {
  const path = formatPath(issue.path);
  if (issue.code === 'unrecognized_keys') {
    const where = formatPath(issue.path);
    if (where === 'categories') {
      return issue.keys.map((k) => ({
        path: `categories.${k}`,
        message: `unknown category "${k}"; expected one of: ${CATEGORY_IDS.join(', ')}`,
      }));
    }
    return issue.keys.map((k) => ({
      path: where === '(root)' ? k : `${where}.${k}`,
      message: 'unknown field',
    }));
  }
  if (issue.code === 'invalid_value' && issue.path.length > 0) {
    const values = issue.values.map((v) => String(v));
    if (values.every((v) => (CATEGORY_IDS as readonly string[]).includes(v))) {
      return [{ path, message: `must be one of: ${CATEGORY_IDS.join(', ')}` }];
    }
  }
  if (issue.code === 'invalid_type' && issue.expected === 'object') {
    return [{ path, message: 'must be an object' }];
  }
  if (issue.code === 'invalid_type' && issue.expected === 'array') {
    return [{ path, message: 'must be a list' }];
  }
  return [{ path, message: issue.message }];
}

/** Validate rules from JSON (an import, a server payload, `--rules FILE`), with a path on every error. */
export function validateRules(json: unknown): RulesValidation {
  const parsed = ClassifierRulesSchema.safeParse(json);
  if (parsed.success) return { ok: true, rules: parsed.data };
  return { ok: false, errors: parsed.error.issues.flatMap(issueToError) };
}

/** One line per error, for a terminal or a log. */
export function formatRulesErrors(errors: readonly RulesError[]): string {
  return errors.map((e) => `${e.path}: ${e.message}`).join('\n');
}
