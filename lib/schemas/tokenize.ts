/**
 * Text normalization and tokenization shared by the classifier and by rules validation, so a phrase in
 * the rules and a mention in a thread are cut into words the same way.
 */

/** Signals the tokenizer emits itself; the rules' emoji map can add more. Written `:name:` in phrases. */
export const BUILTIN_SIGNALS = [
  'question',
  'exclaim',
  'shout',
  'link',
  'mention',
  'brand',
  'ticker',
] as const;

export interface TokenizeOptions {
  /** Emoji (without variation selectors) to signal names. */
  emoji?: ReadonlyMap<string, string>;
  /** Lowercased handles without "@" that count as the brand itself. */
  brandHandles?: ReadonlySet<string>;
  /** Whole-text cues (question, exclaim, shout); off when cutting a rules phrase. */
  cues?: boolean;
  /** Read interchangeable spellings as one word ("dont" is "don't"); off only to compare phrases as written. */
  sameWord?: boolean;
}

export interface Tokens {
  /** Normalized words and `:signal:` tokens, in order. */
  words: string[];
  /** What to show for each word when explaining a decision (the emoji itself, not `:anger:`). */
  surface: string[];
  /** Sentence index per word: phrases never span sentences. */
  sentence: number[];
  /** Clause index per word (commas split clauses): negation never reaches across a clause. */
  clause: number[];
  /** Sentences that end in a question mark. */
  questions: Set<number>;
}

const URL_RE = /\b(?:https?:\/\/|www\.)\S+/giu;
const HANDLE_RE = /(^|[^\p{L}\p{N}_])@([A-Za-z0-9_]{1,30})/gu;
const TICKER_RE = /(^|[^\p{L}\p{N}_$])\$([A-Za-z][A-Za-z0-9]{1,9})\b/gu;
const HASHTAG_RE = /#([\p{L}\p{N}_]+)/gu;
const PICTO_RE = /\p{Extended_Pictographic}/u;
// Joiners, variation selectors and skin tones carry no meaning for us and would split words.
const EMOJI_NOISE_RE = /[\u200d\ufe0e\ufe0f\u{1F3FB}-\u{1F3FF}]/gu;
const LETTER_RE = /\p{L}/u;

// Letters that look the same in both scripts; spammers and fast typists mix them ("cкам", "пирамидa").
const LATIN_TO_CYRILLIC: Record<string, string> = {
  a: 'а',
  c: 'с',
  e: 'е',
  o: 'о',
  p: 'р',
  x: 'х',
  y: 'у',
  k: 'к',
  m: 'м',
  t: 'т',
  h: 'н',
  b: 'в',
};
const CYRILLIC_TO_LATIN: Record<string, string> = Object.fromEntries(
  Object.entries(LATIN_TO_CYRILLIC)
    .filter(([l]) => !'hmtb'.includes(l)) // these only look alike in upper case
    .map(([l, c]) => [c, l]),
);

/** Lowercase, NFKC (fancy Unicode letters become plain), ё→е, typographic apostrophes to '. */
export function foldCase(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[’‘ʼ`´]/g, "'");
}

/** A word typed with look-alike letters of both scripts ("cкам") in one script. */
export function fixMixedScript(word: string): string {
  let latin = 0;
  let cyr = 0;
  for (const ch of word) {
    if (ch >= 'a' && ch <= 'z') latin++;
    else if (ch >= 'а' && ch <= 'я') cyr++;
  }
  if (latin === 0 || cyr === 0) return word;
  // Convert toward the script that can absorb all the other's letters; else toward the majority.
  const toCyr = [...word].every((ch) => !(ch >= 'a' && ch <= 'z') || ch in LATIN_TO_CYRILLIC);
  const toLat = [...word].every((ch) => !(ch >= 'а' && ch <= 'я') || ch in CYRILLIC_TO_LATIN);
  const table =
    toCyr === toLat
      ? cyr >= latin
        ? LATIN_TO_CYRILLIC
        : CYRILLIC_TO_LATIN
      : toCyr
        ? LATIN_TO_CYRILLIC
        : CYRILLIC_TO_LATIN;
  let out = '';
  for (const ch of word) out += table[ch] ?? ch;
  return out;
}

/** "#KovraScam" reads as "Kovra Scam". */
export function splitCamel(tag: string): string {
  return tag.replace(/_/g, ' ').replace(/(\p{Ll})(\p{Lu})/gu, '$1 $2');
}

function isShouting(text: string): boolean {
  let upper = 0;
  let letters = 0;
  for (const ch of text) {
    if (!LETTER_RE.test(ch)) continue;
    letters++;
    if (ch !== ch.toLowerCase()) upper++;
  }
  return letters >= 8 && upper / letters >= 0.7;
}

/**
 * Spellings of one word that people type interchangeably on X and YouTube: contractions without the
 * apostrophe, chat shorthand, Russian slang for the app and for support. Texts and rules phrases both go
 * through this, so a phrase written either way matches both ("dont trust" is "don't trust").
 */
export const SAME_WORD: Readonly<Record<string, string>> = {
  dont: "don't",
  cant: "can't",
  wont: "won't",
  doesnt: "doesn't",
  didnt: "didn't",
  isnt: "isn't",
  arent: "aren't",
  wasnt: "wasn't",
  werent: "weren't",
  havent: "haven't",
  hasnt: "hasn't",
  hadnt: "hadn't",
  couldnt: "couldn't",
  shouldnt: "shouldn't",
  wouldnt: "wouldn't",
  aint: "ain't",
  im: "i'm",
  ive: "i've",
  youre: "you're",
  theyre: "they're",
  thats: "that's",
  whats: "what's",
  wheres: "where's",
  whos: "who's",
  theres: "there's",
  u: 'you',
  ur: 'your',
  pls: 'please',
  plz: 'please',
  pleeease: 'please',
  ppl: 'people',
  acc: 'account',
  acct: 'account',
  msg: 'message',
  щас: 'сейчас',
  ща: 'сейчас',
  че: 'что',
  чо: 'что',
  шо: 'что',
  плз: 'пожалуйста',
  пж: 'пожалуйста',
  пжл: 'пожалуйста',
  акк: 'аккаунт',
  акка: 'аккаунта',
  прила: 'приложение',
  прилка: 'приложение',
  приложуха: 'приложение',
  приложенька: 'приложение',
  саппорт: 'поддержка',
  сапорт: 'поддержка',
  суппорт: 'поддержка',
  техподдержка: 'поддержка',
  техподдержку: 'поддержку',
  техподдержки: 'поддержки',
  техподдержке: 'поддержке',
  тп: 'поддержка',
};

const SIGNAL_RE = /^:[a-z_]+:$/;
export const isSignal = (word: string) => SIGNAL_RE.test(word);

// One pass over the prepared string: signals, words (letters, digits, inner apostrophes), punctuation.
const TOKEN_RE = /(:[a-z_]+:)|([\p{L}\p{N}]+(?:'[\p{L}]+)*)|([.!?;…\n]+)|([,:—–()"«»\u2014]+)/gu;

/**
 * Cut a mention (or a rules phrase) into normalized words. URLs become `:link:`, @handles `:mention:`
 * (or `:brand:`), $tickers `:ticker:` plus the symbol, #CamelTags their words, mapped emoji their signal;
 * a question mark anywhere adds `:question:`, repeated !! adds `:exclaim:`, mostly upper case `:shout:`.
 */
export function tokenize(text: string, options: TokenizeOptions = {}): Tokens {
  const words: string[] = [];
  const surface: string[] = [];
  const sentence: number[] = [];
  const clause: number[] = [];
  const questions = new Set<number>();
  if (!text) return { words, surface, sentence, clause, questions };

  let s = text.normalize('NFKC').replace(URL_RE, ' :link: ');
  const shout = isShouting(s);
  const question = s.includes('?');
  const exclaim = /!{2,}|[!?]{3,}/.test(s);
  s = s
    .replace(HANDLE_RE, (_m, pre: string, handle: string) =>
      options.brandHandles?.has(handle.toLowerCase()) ? `${pre} :brand: ` : `${pre} :mention: `,
    )
    .replace(TICKER_RE, (_m, pre: string, sym: string) => `${pre} :ticker: ${sym} `)
    .replace(HASHTAG_RE, (_m, tag: string) => ` ${splitCamel(tag)} `);
  s = foldCase(s);

  // Emoji become signals (or spaces) before the word pass, keeping their glyph for the explanation.
  const emojiSurface: string[] = [];
  if (PICTO_RE.test(s)) {
    s = s.replace(EMOJI_NOISE_RE, '');
    let out = '';
    for (const ch of s) {
      if (PICTO_RE.test(ch)) {
        const signal = options.emoji?.get(ch);
        if (signal) {
          out += ` :${signal}: `;
          emojiSurface.push(ch);
        } else out += ' ';
      } else out += ch;
    }
    s = out;
  }

  let sent = 0;
  let cl = 0;
  let emojiAt = 0;
  for (const m of s.matchAll(TOKEN_RE)) {
    const [, signal, word, stop, pause] = m;
    if (signal) {
      words.push(signal);
      const isEmoji =
        signal !== ':link:' && signal !== ':mention:' && signal !== ':brand:' && signal !== ':ticker:';
      surface.push(isEmoji ? (emojiSurface[emojiAt++] ?? signal) : signal.slice(1, -1));
      sentence.push(sent);
      clause.push(cl);
    } else if (word) {
      const w = fixMixedScript(word);
      words.push(options.sameWord === false ? w : (SAME_WORD[w] ?? w));
      surface.push(w);
      sentence.push(sent);
      clause.push(cl);
    } else if (stop) {
      if (stop.includes('?')) questions.add(sent);
      sent++;
      cl++;
    } else if (pause) {
      cl++;
    }
  }
  if (options.cues === false) return { words, surface, sentence, clause, questions };
  // Whole-text signals go in a sentence of their own so they never join a phrase by accident.
  sent++;
  cl++;
  const tail = (name: string, shown: string) => {
    words.push(`:${name}:`);
    surface.push(shown);
    sentence.push(sent);
    clause.push(cl);
  };
  if (question) tail('question', '?');
  if (exclaim) tail('exclaim', '!!');
  if (shout) tail('shout', 'CAPS');
  return { words, surface, sentence, clause, questions };
}

export interface PhrasePart {
  text: string;
  /** Written with a trailing *: matches any word starting with `text`. */
  prefix: boolean;
}

/** Cut a rules phrase ("вывод* не приход*") into parts, the same way texts are cut. */
export function tokenizePhrase(match: string, options: TokenizeOptions = {}): PhrasePart[] {
  const parts: PhrasePart[] = [];
  for (const chunk of match.trim().split(/\s+/)) {
    const star = chunk.endsWith('*');
    const { words } = tokenize(star ? chunk.slice(0, -1) : chunk, { ...options, cues: false });
    words.forEach((text, i) => {
      parts.push({ text, prefix: star && i === words.length - 1 && !isSignal(text) });
    });
  }
  return parts;
}
