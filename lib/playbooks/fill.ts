import type { CategoryId } from '../schemas/categories';
import type { Language, PlaybookSettings, TemplateVariable } from '../schemas/playbook';
import { VARIABLE_PATTERN } from '../schemas/playbook';

export type TemplateVars = Partial<Record<TemplateVariable, string>> & Record<string, string | undefined>;

export interface FilledTemplate {
  text: string;
  /** Variables with no value, in order of first use; they stay visible as `{name}` in `text`. */
  missing: string[];
}

/**
 * Replaces `{name}` with its value. A variable without a value stays as written so the ambassador sees
 * what to fill in before sending; other braces ("{ }", "{Kovra}", JSON) are left alone.
 */
export function fillTemplate(
  text: string,
  vars: TemplateVars,
  opts: { unaddressed?: boolean } = {},
): FilledTemplate {
  const missing: string[] = [];
  const source = opts.unaddressed ? withoutAddress(text) : text;
  const filled = source.replace(VARIABLE_PATTERN, (whole, name: string) => {
    const value = Object.hasOwn(vars, name) ? vars[name]?.trim() : undefined;
    if (value) return value;
    if (!missing.includes(name)) missing.push(name);
    return whole;
  });
  return { text: filled, missing };
}

/**
 * A top-level comment under a video answers nobody in particular: "{author} same here, …" would greet
 * the channel as if replying to it. The address goes, with its comma or colon, and the sentence
 * starts with a capital again.
 */
export function withoutAddress(text: string): string {
  const stripped = text.replace(/\{author\}[,:]?[ \t]*/g, '');
  return stripped.replace(
    /^(\s*)(\p{Ll})/u,
    (_, space: string, letter: string) => space + letter.toLocaleUpperCase(),
  );
}

/** Writers of Russian use Cyrillic; a few Latin words (brand, tickers, links) don't make it English. */
export function detectLanguage(text: string | undefined): 'ru' | 'en' | undefined {
  if (!text) return undefined;
  const stripped = text.replace(/https?:\/\/\S+|[@$#][\p{L}\p{N}_]+/gu, ' ');
  const cyrillic = stripped.match(/\p{Script=Cyrillic}/gu)?.length ?? 0;
  const latin = stripped.match(/\p{Script=Latin}/gu)?.length ?? 0;
  if (cyrillic + latin < 3) return undefined;
  return cyrillic >= latin * 0.5 ? 'ru' : 'en';
}

/**
 * The language to show templates in: the ambassador's manual choice, else the thread's, else the
 * document's default, else English, else whatever exists.
 */
export function pickLanguage(
  available: readonly Language[],
  opts: { manual?: Language | undefined; text?: string | undefined; fallback?: Language | undefined } = {},
): Language | undefined {
  const candidates = [opts.manual, detectLanguage(opts.text), opts.fallback, 'en'];
  return candidates.find((l): l is Language => !!l && available.includes(l)) ?? available[0];
}

export interface TemplateThread {
  author?: string | undefined;
  category: CategoryId;
}

/** The most specific help article: "<category>.<lang>", "<category>", then "general". */
export function helpArticle(
  settings: PlaybookSettings,
  category: CategoryId,
  language: Language,
): string | undefined {
  const a = settings.helpArticles;
  return a[`${category}.${language}`] ?? a[category] ?? a.general;
}

/** Values for a thread's templates; `my_experience` is never filled (the ambassador writes it). */
export function templateVars(
  thread: TemplateThread,
  settings: PlaybookSettings,
  language: Language,
): TemplateVars {
  const handle = thread.author?.trim();
  const vars: TemplateVars = {
    support_url: settings.supportUrl,
    status_url: settings.statusUrl,
    brand: settings.brand,
  };
  if (handle) vars.author = handle.startsWith('@') ? handle : `@${handle}`;
  const article = helpArticle(settings, thread.category, language);
  if (article) vars.help_article = article;
  if (settings.supportHandle) {
    vars.support_handle = settings.supportHandle.startsWith('@')
      ? settings.supportHandle
      : `@${settings.supportHandle}`;
  }
  return vars;
}
