/**
 * Pure helpers for the manager's playbooks editor (components/options/playbooks): editing a draft by
 * path, validating it fast enough to run on every keystroke, import / export, and previews.
 */
import { type Classification, classify } from '../classify/classifier';
import type { CategoryId } from '../schemas/categories';
import {
  type Language,
  type Playbook,
  type PlaybookContent,
  type PlaybookIssue,
  toPlaybookIssues,
  validatePlaybooks,
} from '../schemas/playbook';
import { type ClassifierRules, ClassifierRulesSchema } from '../schemas/rules';
import { type FilledTemplate, fillTemplate, templateVars } from './fill';

export type Path = readonly (string | number)[];

/**
 * A copy of `doc` with `value` at `path`; only the containers along the path are copied, so untouched
 * parts keep their identity (the rules' validation and compiled classifier are cached by it).
 * `undefined` removes an object key (an optional field left empty).
 */
export function setIn<T>(doc: T, path: Path, value: unknown): T {
  if (path.length === 0) return value as T;
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  const container: unknown = doc;
  if (Array.isArray(container)) {
    const copy = [...container];
    copy[head as number] = setIn(copy[head as number], rest, value);
    return copy as T;
  }
  const obj = { ...(container as Record<string, unknown>) };
  const next = setIn(obj[head], rest, value);
  if (next === undefined) delete obj[head];
  else obj[head] = next;
  return obj as T;
}

export function getIn(doc: unknown, path: Path): unknown {
  let at = doc;
  for (const key of path) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string | number, unknown>)[key];
  }
  return at;
}

const samePath = (a: Path, b: Path) => a.length === b.length && a.every((p, i) => p === b[i]);
const startsWith = (path: Path, prefix: Path) =>
  prefix.length <= path.length && prefix.every((p, i) => p === path[i]);

/** The messages for exactly this field. */
export function issuesAt(issues: readonly PlaybookIssue[], path: Path): string[] {
  return issues.filter((i) => samePath(i.path, path)).map((i) => i.message);
}

/** Issues inside a part of the document (a tab, a category), e.g. for a count on its tab. */
export function issuesUnder(issues: readonly PlaybookIssue[], prefix: Path): PlaybookIssue[] {
  return issues.filter((i) => startsWith(i.path, prefix));
}

// A tiny valid stand-in: the rest of the document is checked without the 1000-phrase rules each time.
const STAND_IN_RULES: ClassifierRules = { version: 1, categories: {}, fallback: 'positive_neutral' };
const rulesIssues = new WeakMap<object, PlaybookIssue[]>();

function checkRules(rules: unknown): PlaybookIssue[] {
  const key = typeof rules === 'object' && rules !== null ? rules : undefined;
  const hit = key && rulesIssues.get(key);
  if (hit) return hit;
  const parsed = ClassifierRulesSchema.safeParse(rules);
  const issues = parsed.success ? [] : toPlaybookIssues(parsed.error.issues, ['rules'], rules);
  if (key) rulesIssues.set(key, issues);
  return issues;
}

/**
 * Every problem in a draft, with paths; the same answer as `validatePlaybooks`, but the classifier rules
 * (nine tenths of the cost) are only checked again when they changed.
 */
export function validateDraft(draft: unknown): PlaybookIssue[] {
  if (!draft || typeof draft !== 'object' || !('rules' in draft)) {
    const all = validatePlaybooks(draft);
    return all.ok ? [] : all.issues;
  }
  const rest = validatePlaybooks({ ...draft, rules: STAND_IN_RULES });
  return [...(rest.ok ? [] : rest.issues), ...checkRules(draft.rules)];
}

export type ImportResult =
  | { ok: true; content: PlaybookContent }
  | { ok: false; message: string; issues: PlaybookIssue[] };

/**
 * Reads an imported file: a document as exported here, or a server document (`{version, content}`).
 * Anything that does not validate is refused whole, with every problem's path.
 */
export function parseImport(text: string): ImportResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return {
      ok: false,
      message: `The file is not valid JSON: ${(err as Error).message}`,
      issues: [],
    };
  }
  const wrapped =
    json !== null &&
    typeof json === 'object' &&
    'content' in json &&
    !('playbooks' in json) &&
    typeof (json as { content: unknown }).content === 'object';
  const content = wrapped ? (json as { content: unknown }).content : json;
  const result = validatePlaybooks(content);
  if (result.ok) return { ok: true, content: result.content };
  const n = result.issues.length;
  return {
    ok: false,
    message: `Not imported: ${n === 1 ? '1 problem' : `${n} problems`} in the file. Nothing was changed.`,
    issues: result.issues,
  };
}

/** What "Export" downloads: the content itself, readable and diffable. */
export function exportJson(content: PlaybookContent): string {
  return `${JSON.stringify(content, null, 2)}\n`;
}

export function exportFileName(version: number | undefined, at: Date): string {
  const day = at.toISOString().slice(0, 10);
  return `reply-tracker-playbooks-${version ? `v${version}-` : ''}${day}.json`;
}

/** The classifier rules minus the phrase lists: what the editor's raw JSON box shows. */
export type AdvancedRules = Omit<ClassifierRules, 'categories'> & {
  /** Per-category settings other than the phrases (the bias). */
  categories?: Partial<Record<CategoryId, { bias?: number }>>;
};

export function advancedRules(rules: ClassifierRules): AdvancedRules {
  const { categories, ...rest } = rules;
  const biases: Partial<Record<CategoryId, { bias?: number }>> = {};
  for (const [id, c] of Object.entries(categories) as [CategoryId, { bias?: number } | undefined][]) {
    if (c?.bias !== undefined) biases[id] = { bias: c.bias };
  }
  return Object.keys(biases).length > 0 ? { ...rest, categories: biases } : rest;
}

/**
 * Puts edited advanced fields back around the phrase lists, which the JSON box never shows; a
 * category's bias can be set or removed there.
 */
export function withAdvancedRules(rules: ClassifierRules, edited: Record<string, unknown>): unknown {
  const { categories: biases, ...rest } = edited;
  const categories: Record<string, unknown> = {};
  const biasOf = (id: string): unknown =>
    biases && typeof biases === 'object'
      ? (biases as Record<string, { bias?: unknown } | undefined>)[id]?.bias
      : undefined;
  const ids = new Set([
    ...Object.keys(rules.categories),
    ...(biases && typeof biases === 'object' ? Object.keys(biases) : []),
  ]);
  for (const id of ids) {
    const phrases = rules.categories[id as CategoryId]?.phrases ?? [];
    const bias = biasOf(id);
    categories[id] = bias === undefined ? { phrases } : { phrases, bias };
  }
  return { ...rest, categories };
}

/** A made-up thread for previews: what the variables look like once filled. */
export const SAMPLE_AUTHOR = '@sam_trades';

export function previewTemplate(
  content: PlaybookContent,
  category: CategoryId,
  language: Language,
  text: string,
): FilledTemplate {
  return fillTemplate(text, templateVars({ author: SAMPLE_AUTHOR, category }, content.settings, language));
}

/** "Try the classifier": the draft's rules on a sample text; an error when the rules don't validate. */
export function tryClassifier(
  rules: ClassifierRules,
  text: string,
): { ok: true; result: Classification } | { ok: false; message: string } {
  const parsed = ClassifierRulesSchema.safeParse(rules);
  if (!parsed.success) return { ok: false, message: 'Fix the classifier rules first.' };
  return { ok: true, result: classify(text, rules) };
}

/** A new language starts as a copy of the default language's templates, ready to translate. */
export function addLanguage(playbook: Playbook, language: Language, from: Language | undefined): Playbook {
  if (playbook.templates[language]) return playbook;
  const source = (from ? playbook.templates[from] : undefined) ?? Object.values(playbook.templates)[0] ?? [];
  return { ...playbook, templates: { ...playbook.templates, [language]: source.map((t) => ({ ...t })) } };
}

export function removeLanguage(playbook: Playbook, language: Language): Playbook {
  const { [language]: _, ...templates } = playbook.templates;
  return { ...playbook, templates };
}

/** A template id not yet used in this language. */
export function newTemplateId(existing: readonly { id: string }[]): string {
  for (let n = existing.length + 1; ; n++) {
    const id = `template-${n}`;
    if (!existing.some((t) => t.id === id)) return id;
  }
}

/** Every language any playbook has templates in, the default language first. */
export function languagesOf(content: PlaybookContent): Language[] {
  const all = new Set<Language>([content.settings.defaultLanguage]);
  for (const p of Object.values(content.playbooks)) for (const l of Object.keys(p.templates)) all.add(l);
  return [...all];
}
