/**
 * Does a post mention the product? The team's terms (lib/schemas/monitoring.ts) against a post's text.
 * One matcher for the browser capture and the server, so a post counts the same wherever it is seen.
 * Whole words in any script: a word is a run of letters, digits, marks and `_`, so `finvo` matches
 * "Finvo," and "#finvo" but not "finvoice", and `финво` matches "ФИНВО!" but not "финвоплатеж".
 */

import { type MonitoringTerms, YOUTUBE_CHANNEL_ID_RE } from '../schemas/monitoring';
import { foldCase } from '../schemas/tokenize';

type Sigil = '@' | '$' | '#' | '';

interface WordTerm {
  kind: 'words';
  term: string;
  words: string[];
  /** The last word matches as a prefix (`финв*`). */
  prefix: boolean;
}
interface TagTerm {
  kind: 'tag';
  term: string;
  sigil: Sigil;
  word: string;
  prefix: boolean;
}
interface ChannelTerm {
  kind: 'channel';
  term: string;
  id: string;
}
type CompiledTerm = WordTerm | TagTerm | ChannelTerm;

export interface CompiledTerms {
  readonly include: readonly CompiledTerm[];
  readonly exclude: readonly CompiledTerm[];
}

/** What the matcher reads of a post. */
export interface MatchInput {
  text: string;
  /** Handles the post replies to or mentions outside its text (X's `in_reply_to_screen_name`, entities). */
  handles?: readonly string[];
  /** The author's handle: only exclusions read it (a job-ads account, the brand's own account). */
  authorHandle?: string;
  /** YouTube: the channel of the video. */
  channelId?: string;
}

export interface MatchResult {
  /** The include terms that matched, as written, in the order of the terms. */
  matched: string[];
  /** The exclude terms that matched: non-empty means "not a mention". */
  excluded: string[];
}

// Cyrillic and Latin alike; marks keep combining accents inside a word.
const WORD_RE = /[\p{L}\p{N}\p{M}_]+/gu;
const STRESS_RE = /\u0301/g;

const fold = (s: string) => foldCase(s).replace(STRESS_RE, '');

interface Token {
  word: string;
  sigil: Sigil;
}

function tokens(text: string): Token[] {
  const folded = fold(text);
  const out: Token[] = [];
  for (const m of folded.matchAll(WORD_RE)) {
    const before = m.index > 0 ? folded[m.index - 1] : '';
    // `a@b.co` is an e-mail address, not a handle: a sign counts only at the start of a word.
    const prev = m.index > 1 ? folded[m.index - 2]! : '';
    const free = prev === '' || !/[\p{L}\p{N}\p{M}_]/u.test(prev);
    const sigil = free && (before === '@' || before === '$' || before === '#') ? before : '';
    out.push({ word: m[0], sigil });
  }
  return out;
}

function compileTerm(raw: string): CompiledTerm | null {
  const term = raw.trim();
  if (YOUTUBE_CHANNEL_ID_RE.test(term)) return { kind: 'channel', term, id: term };
  const prefix = term.endsWith('*');
  const body = prefix ? term.slice(0, -1) : term;
  const first = body[0];
  if (first === '@' || first === '$' || first === '#') {
    const word = fold(body.slice(1));
    return word ? { kind: 'tag', term, sigil: first, word, prefix } : null;
  }
  const words = [...fold(body).matchAll(WORD_RE)].map((m) => m[0]);
  return words.length > 0 ? { kind: 'words', term, words, prefix } : null;
}

export function compileTerms(terms: Pick<MonitoringTerms, 'include' | 'exclude'>): CompiledTerms {
  const compile = (list: readonly string[]) =>
    list.map(compileTerm).filter((t): t is CompiledTerm => t !== null);
  return { include: compile(terms.include), exclude: compile(terms.exclude) };
}

const wordMatches = (word: string, wanted: string, prefix: boolean) =>
  prefix ? word.startsWith(wanted) : word === wanted;

function termMatches(
  t: CompiledTerm,
  toks: readonly Token[],
  handles: readonly string[],
  channelId: string | undefined,
): boolean {
  switch (t.kind) {
    case 'channel':
      return channelId === t.id;
    case 'tag':
      if (t.sigil === '@' && handles.some((h) => wordMatches(h, t.word, t.prefix))) return true;
      return toks.some((k) => k.sigil === t.sigil && wordMatches(k.word, t.word, t.prefix));
    case 'words': {
      const n = t.words.length;
      outer: for (let i = 0; i + n <= toks.length; i++) {
        for (let j = 0; j < n; j++) {
          const last = j === n - 1;
          if (!wordMatches(toks[i + j]!.word, t.words[j]!, last && t.prefix)) continue outer;
        }
        return true;
      }
      return false;
    }
  }
}

const cleanHandle = (h: string) => fold(h.replace(/^@/, ''));

/** Matches one post; compile the terms once with `compileTerms` when matching many. */
export function matchTerms(input: MatchInput, terms: CompiledTerms): MatchResult {
  const toks = tokens(input.text);
  const handles = (input.handles ?? []).map(cleanHandle);
  const matched = terms.include
    .filter((t) => termMatches(t, toks, handles, input.channelId))
    .map((t) => t.term);
  if (matched.length === 0) return { matched, excluded: [] };
  // Exclusions also look at who wrote it: excluding @finvo_jobs drops that account's own posts.
  const withAuthor = input.authorHandle ? [...handles, cleanHandle(input.authorHandle)] : handles;
  const excluded = terms.exclude
    .filter((t) => termMatches(t, toks, withAuthor, input.channelId))
    .map((t) => t.term);
  return { matched, excluded };
}

/** True when the post is a mention: it matched an include term and no exclude term. */
export const isMention = (r: MatchResult) => r.matched.length > 0 && r.excluded.length === 0;
