/**
 * What the statistical model sees of a text: one normalised spelling (case, look-alike letters, chat
 * slang, Russian typed in Latin letters brought back to Cyrillic, the brand in any script) cut into
 * hashed word, word-pair and character n-gram features. Character n-grams carry typos and Russian
 * endings ("вывод", "вывода", "выводом" share most of theirs); hashing keeps the model a fixed size.
 */
import { fixMixedScript, foldCase, SAME_WORD, splitCamel } from '../schemas/tokenize';

/** Texts longer than this are cut: the opening of a post says what it is about. */
export const MAX_MODEL_CHARS = 2000;

const URL_RE = /\b(?:https?:\/\/|www\.)\S+/giu;
// A bare domain's ending ("kovra-verify.net"): a marker word, so ".net" does not read as Russian "нет".
const TLD_RE = /(?<=[\p{L}\p{N}])\.(?:com|net|org|io|app|co|me|ru|eu|info|xyz|site|online|biz)\b/giu;
const HANDLE_RE = /@([\p{L}\p{N}_]{1,30})/gu;
const HASHTAG_RE = /#([\p{L}\p{N}_]+)/gu;
const TOKEN_RE = /(\p{Extended_Pictographic})|([\p{L}\p{N}]+(?:'[\p{L}]+)*)/gu;
const LATIN_WORD_RE = /^[a-z']+$/;
const CYRILLIC_RE = /\p{Script=Cyrillic}/u;
const DIGITS_RE = /\p{N}+/gu;
const LETTER_RE = /\p{L}/u;
const PICTO_RE = /\p{Extended_Pictographic}/u;

// Function words that tell Russian typed in Latin letters from English. Words both languages spell
// alike ("a", "i", "no", "to") are left out of both lists.
const RU_LATIN_WORDS = new Set(
  'ne chto cho eto kak kto gde uzhe uje ya menya mne vse vsyo vsem v na s po za iz ot pri dlya tak tut net da nu zhe li ili eshche esche tolko pochemu kogda mozhno nado nelzya opyat segodnya dengi deneg pravda razve voobshe voobshche tozhe skolko ochen vy vam vas my oni ego ee ih tam eti etot vash nash budet bylo byl est nichego nikto pishut govoryat chem esli chtoby posle bez cherez poka chasa dnya den dney mesyac nedelyu kuda zachem privet spasibo pozhaluysta pomogite podskazhite rebyat'.split(
    ' ',
  ),
);
const EN_WORDS = new Set(
  'the is are was were be been to and of in on for this that what how why with not can do does did have has had just so but me my your you they we it its an or if at from by about any anyone there their them he she his her our will would should could been than then when where who which'.split(
    ' ',
  ),
);
const RU_LATIN_HINT_RE = /(zh|kh|shch|sch|yy$|iy$|yj$|ij$|aya$|oye$|ogo$|ykh$|yat$|yut$|ovat|ivat)/;

const MULTI: [string, string][] = [
  ['shch', 'щ'],
  ['sch', 'щ'],
  ['zh', 'ж'],
  ['kh', 'х'],
  ['ch', 'ч'],
  ['sh', 'ш'],
  ['ts', 'ц'],
  ['yu', 'ю'],
  ['ya', 'я'],
  ['yo', 'е'],
  ['ye', 'е'],
  ['ju', 'ю'],
  ['ja', 'я'],
];
const SINGLE: Record<string, string> = {
  a: 'а',
  b: 'б',
  c: 'ц',
  d: 'д',
  e: 'е',
  f: 'ф',
  g: 'г',
  h: 'х',
  i: 'и',
  j: 'й',
  k: 'к',
  l: 'л',
  m: 'м',
  n: 'н',
  o: 'о',
  p: 'п',
  q: 'к',
  r: 'р',
  s: 'с',
  t: 'т',
  u: 'у',
  v: 'в',
  w: 'в',
  x: 'кс',
  y: 'ы',
  z: 'з',
  "'": 'ь',
};
const VOWELS = 'aeiouy';
/** Words normalisation puts in for handles, links and domains: never transliterated. */
const MARKERS = new Set(['xbrand', 'xuser', 'xurl', 'xdomain']);

/** Russian typed in Latin letters ("vyvod zavis") back in Cyrillic ("вывод завис"), one common scheme. */
export function latinToCyrillic(word: string): string {
  let out = '';
  let i = 0;
  while (i < word.length) {
    const rest = word.slice(i);
    // -iy / -yy / -ij endings and a "y" after a vowel are й ("moy", "novyy").
    if (/^(iy|ij|yj)$/.test(rest)) {
      out += rest[0] === 'y' ? 'ый' : 'ий';
      break;
    }
    if (rest === 'yy') {
      out += 'ый';
      break;
    }
    const ch = word[i]!;
    if (ch === 'y' && i > 0 && VOWELS.includes(word[i - 1]!) && !'aeiou'.includes(word[i + 1] ?? '')) {
      out += 'й';
      i++;
      continue;
    }
    const multi = MULTI.find(([l]) => rest.startsWith(l));
    if (multi) {
      out += multi[1];
      i += multi[0].length;
      continue;
    }
    out += SINGLE[ch] ?? ch;
    i++;
  }
  return out;
}

/** True when the Latin words of a text read as Russian rather than English. */
export function looksTransliterated(latinWords: readonly string[]): boolean {
  let ru = 0;
  let en = 0;
  for (const w of latinWords) {
    if (EN_WORDS.has(w)) en++;
    else if (RU_LATIN_WORDS.has(w)) ru++;
    else if (RU_LATIN_HINT_RE.test(w)) ru += 0.5;
  }
  return ru > en && ru >= 1;
}

export interface ModelText {
  /** Normalised words (and emoji), in order. */
  words: string[];
  /** Letters (any script) in the text, and how many of them were neither Latin nor Cyrillic. */
  letters: number;
  foreignLetters: number;
  truncated: boolean;
  transliterated: boolean;
}

/** `brand` words ("kovra") stand for the product in any script or handle ("@KovraSupport", "ковре"). */
export function normalizeForModel(text: string, brand: readonly string[] = []): ModelText {
  const truncated = text.length > MAX_MODEL_CHARS;
  let s = truncated ? text.slice(0, MAX_MODEL_CHARS) : text;
  s = foldCase(
    s
      .replace(URL_RE, ' xurl ')
      .replace(TLD_RE, ' xdomain ')
      .replace(HASHTAG_RE, (_m, t: string) => ` ${splitCamel(t)} `),
  );
  const brandStems = brand.map((b) => [b, latinToCyrillic(b).replace(/[аеиоуыя]$/, '')] as const);
  const isBrand = (w: string) => brandStems.some(([lat, cyr]) => w.startsWith(lat) || w.startsWith(cyr));
  s = s.replace(HANDLE_RE, (_m, h: string) => (isBrand(h) ? ' xbrand ' : ' xuser '));
  s = s.replace(DIGITS_RE, '0');

  let letters = 0;
  let foreign = 0;
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    if (code >= 97 && code <= 122) letters++;
    else if (code >= 0x400 && code <= 0x4ff) letters++;
    else if (code > 127 && LETTER_RE.test(s[i]!)) {
      letters++;
      foreign++;
    }
  }

  const raw: string[] = [];
  for (const m of s.matchAll(TOKEN_RE)) {
    if (m[1]) raw.push(m[1]);
    else if (m[2]) raw.push(fixMixedScript(m[2]));
  }
  const latin = raw.filter((w) => LATIN_WORD_RE.test(w));
  const hasCyrillic = raw.some((w) => CYRILLIC_RE.test(w));
  const transliterated = !hasCyrillic && looksTransliterated(latin);
  const words = raw.map((w) => {
    if (MARKERS.has(w)) return w;
    if (isBrand(w)) return 'xbrand';
    const same = SAME_WORD[w] ?? w;
    if (transliterated && LATIN_WORD_RE.test(same)) {
      const cyr = latinToCyrillic(same);
      return SAME_WORD[cyr] ?? cyr;
    }
    return same;
  });
  return { words, letters, foreignLetters: foreign, truncated, transliterated };
}

// FNV-1a, 32 bits, continued over code units so n-grams need no substrings.
const FNV_PRIME = 16777619;
const fnv = (h: number, code: number) => Math.imul(h ^ code, FNV_PRIME) >>> 0;
export function hashString(seed: number, s: string): number {
  let h = seed;
  for (let i = 0; i < s.length; i++) h = fnv(h, s.charCodeAt(i));
  return h;
}

const SEED_WORD = 0x811c9dc5;
const SEED_PAIR = 0x01000193;
const SEED_CHAR = 0x5bd1e995;

export interface FeatureOptions {
  /** Number of hash buckets (a power of two). */
  buckets: number;
  minGram: number;
  maxGram: number;
}

/** Sparse features: bucket indexes and values (L2-normalised), in reusable typed arrays. */
export interface Features {
  index: Int32Array;
  value: Float32Array;
  size: number;
}

const MAX_FEATURES = 8192;

/** Hashed features of normalised words; `out` is reused across calls to spare the garbage collector. */
export function featurize(words: readonly string[], o: FeatureOptions, out?: Features): Features {
  const f = out ?? { index: new Int32Array(MAX_FEATURES), value: new Float32Array(MAX_FEATURES), size: 0 };
  f.size = 0;
  const mask = o.buckets - 1;
  const emit = (h: number) => {
    if (f.size >= MAX_FEATURES) return;
    // The top bit gives the feature a sign, so colliding features tend to cancel rather than add up.
    f.index[f.size] = h & mask;
    f.value[f.size] = h & 0x80000000 ? -1 : 1;
    f.size++;
  };
  let prev = -1;
  for (const w of words) {
    const hw = hashString(SEED_WORD, w);
    emit(hw);
    if (prev !== -1) emit(fnv(fnv(prev ^ SEED_PAIR, 32), hw & 0xffff));
    prev = hw;
    if (w.length <= 2 && PICTO_RE.test(w)) continue;
    const padded = `<${w}>`;
    for (let i = 0; i < padded.length; i++) {
      let h = SEED_CHAR;
      for (let n = 1; n <= o.maxGram && i + n <= padded.length; n++) {
        h = fnv(h, padded.charCodeAt(i + n - 1));
        if (n >= o.minGram) emit(h);
      }
    }
  }
  if (f.size > 0) {
    const norm = 1 / Math.sqrt(f.size);
    for (let i = 0; i < f.size; i++) f.value[i]! *= norm;
  }
  return f;
}
