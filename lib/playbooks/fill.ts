import type { CategoryId } from '../schemas/categories';
import type { Language, PlaybookLinks, TemplateVariable } from '../schemas/playbook';
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

/** A greeting that may stand before the address ("Hi {author}, …"); it stays, the address goes. */
const GREETING = '(?:hi|hey|hello|привет|здравствуйте|добрый день)';
/**
 * `{author}` in greeting position: at the start, alone or after a greeting, with the punctuation that
 * closes the address. Elsewhere it is part of the sentence ("as {author} says") and stays.
 */
const LEADING_ADDRESS = new RegExp(
  String.raw`^(\s*)(?:(${GREETING})[ \t]+)?\{author\}[ \t]*([,:;!]|[—–-](?=[ \t]))?[ \t]*`,
  'iu',
);

/**
 * A top-level comment under a video answers nobody in particular: "{author} same here, …" would greet
 * the channel as if replying to it. The address at the start goes, with its comma or colon, and the
 * sentence starts with a capital again; a greeting before it stays ("Hi {author}, …" → "Hi, …"). An
 * `{author}` inside a sentence names the channel and stays, so the sentence still reads.
 */
export function withoutAddress(text: string): string {
  const match = LEADING_ADDRESS.exec(text);
  if (!match) return text;
  const [whole, space = '', greeting, mark] = match;
  const rest = text.slice(whole.length);
  if (greeting) {
    if (!rest.trim()) return `${space}${greeting}${mark === '!' ? '!' : ''}`;
    return `${space}${greeting}${mark && /[,:;!]/.test(mark) ? mark : ','} ${rest}`;
  }
  return space + rest.replace(/^\p{Ll}/u, (letter) => letter.toLocaleUpperCase());
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
  settings: PlaybookLinks,
  category: CategoryId,
  language: Language,
): string | undefined {
  const a = settings.helpArticles;
  return a[`${category}.${language}`] ?? a[category] ?? a.general;
}

/** Values for a thread's templates; `my_experience` is never filled (the ambassador writes it). */
export function templateVars(
  thread: TemplateThread,
  settings: PlaybookLinks,
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
