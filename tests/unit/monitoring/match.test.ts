// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { compileTerms, isMention, type MatchInput, matchTerms } from '../../../lib/monitoring/match';
import { languageOf, triage } from '../../../lib/monitoring/triage';
import { MonitoringSettingsSchema } from '../../../lib/schemas/monitoring';

const CHANNEL = 'UCabcdefghijklmnopqrstuv';
const terms = compileTerms({
  include: ['finvo', 'finvo card', 'финво', 'финв*', '@FinvoApp', '$FINV', '#finvoscam', CHANNEL],
  exclude: ['finvo careers', '@finvo_jobs', 'вакансия'],
});

const run = (input: MatchInput | string) =>
  matchTerms(typeof input === 'string' ? { text: input } : input, terms);

describe('matchTerms', () => {
  it.each<[string, MatchInput | string, string[]]>([
    ['a plain word, any case', 'FINVO froze my withdrawal', ['finvo']],
    ['followed by punctuation', 'is finvo, legit?', ['finvo']],
    ['a longer word is not the word', 'finvoice sent, invoice paid', []],
    ['a word joined by _ is another word', 'see finvo_support', []],
    ['a possessive still names it', "Finvo's app is down", ['finvo']],
    ['a phrase, words in order', 'my Finvo card got blocked', ['finvo', 'finvo card']],
    ['a hyphen is a word boundary', 'finvo-card issue', ['finvo', 'finvo card']],
    ['a phrase out of order is not the phrase', 'card for finvo', ['finvo']],
    ['Cyrillic, any case', 'ФИНВО опять не работает', ['финво', 'финв*']],
    ['Cyrillic whole words', 'финвоплатеж не пришел', ['финв*']],
    ['a Cyrillic case ending matches the prefix term only', 'у финвы проблемы', ['финв*']],
    ['Cyrillic inside Latin text is not a boundary problem', 'вот finvo тоже', ['finvo']],
    ['fancy Unicode letters fold', '𝐅𝐢𝐧𝐯𝐨 is down', ['finvo']],
    ['a stress mark does not split a word', 'фи́нво', ['финво', 'финв*']],
    ['a handle in the text', 'hey @finvoapp fix this', ['@FinvoApp']],
    ['a handle the post replies to', { text: 'fix this now', handles: ['FinvoApp'] }, ['@FinvoApp']],
    ['an e-mail address is not a handle', 'write to help@finvoapp.com', []],
    ['a longer handle is another handle', '@finvoapp2 said', []],
    ['a cashtag', 'dumping $finv today', ['$FINV']],
    ['a word is not a cashtag', 'finv is a ticker', []],
    ['a hashtag', 'this is a #FinvoScam', ['#finvoscam']],
    ['a hashtag of the word matches the word', '#finvo rocks', ['finvo']],
    ['a watched YouTube channel', { text: 'new video', channelId: CHANNEL }, [CHANNEL]],
    ['another channel', { text: 'new video', channelId: 'UCzzzzzzzzzzzzzzzzzzzzzz' }, []],
  ])('%s', (_name, input, expected) => {
    expect(run(input).matched).toEqual(expected);
  });

  it.each<[string, MatchInput | string, string[]]>([
    ['an excluded phrase', 'Finvo careers: we are hiring', ['finvo careers']],
    ['an excluded author', { text: 'finvo is hiring', authorHandle: '@Finvo_Jobs' }, ['@finvo_jobs']],
    ['an excluded Russian word', 'Финво вакансия: поддержка', ['вакансия']],
    ['no exclusion', 'finvo is hiring scammers', []],
  ])('exclusions: %s', (_name, input, excluded) => {
    const r = run(input);
    expect(r.excluded).toEqual(excluded);
    expect(isMention(r)).toBe(excluded.length === 0);
  });

  it('exclusions alone match nothing', () => {
    const only = compileTerms({ include: [], exclude: ['finvo'] });
    expect(matchTerms({ text: 'finvo' }, only)).toEqual({ matched: [], excluded: [] });
  });
});

describe('terms document', () => {
  it.each([
    ['@', 'a sign (@ $ #) needs a name right after it'],
    ['* finvo', '`*` may only end a word'],
    ['@fin vo', 'a handle is letters, digits and _'],
    ['#two words', 'a cashtag or hashtag is one word'],
    ['x'.repeat(101), 'a term is at most 100 characters'],
  ])('refuses %j', (term, message) => {
    const r = MonitoringSettingsSchema.safeParse({ terms: { include: [term] } });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toBe(message);
  });

  it('fills defaults and keeps one spelling of a repeated term', () => {
    const doc = MonitoringSettingsSchema.parse({ terms: { include: ['Finvo', ' finvo ', 'финво'] } });
    expect(doc.terms).toEqual({ include: ['Finvo', 'финво'], exclude: [] });
    expect(doc.retentionDays).toBe(180);
    expect(doc.capture.enabled).toBe(true);
    expect(doc.alerts.spikeFactor).toBe(3);
  });
});

describe('triage', () => {
  it.each([
    ['Вывод не приходит третий день', undefined, 'ru'],
    ['withdrawal stuck for 3 days', undefined, 'en'],
    ['🔥🔥', undefined, 'und'],
    ['🔥🔥', 'qme', 'und'],
    ['hola', 'es', 'es'],
    ['Finvo вывод завис', undefined, 'ru'],
  ])('language of %j (platform says %s) is %s', (text, reported, lang) => {
    expect(languageOf(text, reported)).toBe(lang);
  });

  it('a withdrawal complaint is negative, with its deciding words', () => {
    const t = triage('Finvo withdrawal stuck for 3 days, support ignores me', 'en');
    expect(t.polarity).toBe('negative');
    expect(t.language).toBe('en');
    expect(t.reason.length).toBeGreaterThan(0);
    expect(t.confidence).toBeGreaterThan(0);
  });
});
