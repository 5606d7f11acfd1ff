// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { foldCase, tokenize, tokenizePhrase } from '../../../lib/schemas/tokenize';

const emoji = new Map([
  ['😡', 'anger'],
  ['🙏', 'positive'],
  ['❤', 'positive'],
  ['🙃', 'irony'],
]);
const words = (text: string) => tokenize(text, { emoji, brandHandles: new Set(['kovraapp']) }).words;

describe('tokenize', () => {
  it.each([
    ['lowercases and folds ё', 'ЁЛКИ, Всё Пришло', ['елки', 'все', 'пришло']],
    ['URLs become :link:', 'see https://kovra.app/status?x=1 now', ['see', ':link:', 'now']],
    ['a question mark inside a URL is not a question', 'https://x.com/a?b=c', [':link:']],
    [
      'the brand handle becomes :brand:, others :mention:',
      '@KovraApp @someone hi',
      [':brand:', ':mention:', 'hi'],
    ],
    ['e-mail addresses are not handles', 'mail me at a@b.co', ['mail', 'me', 'at', 'a', 'b', 'co']],
    ['$tickers keep their symbol', 'dumping $KOV', ['dumping', ':ticker:', 'kov']],
    ['#CamelCase hashtags split into words', '#KovraScam', ['kovra', 'scam']],
    [
      'mapped emoji become signals, unmapped ones vanish',
      '😡🤷‍♂️ ok 🙏❤️',
      [':anger:', 'ok', ':positive:', ':positive:'],
    ],
    ['repeated ? gives one :question:', 'where??', ['where', ':question:']],
    ['repeated ! gives :exclaim:', 'fix it!!!', ['fix', 'it', ':exclaim:']],
    ['mostly capitals gives :shout:', 'WHERE IS MY MONEY', ['where', 'is', 'my', 'money', ':shout:']],
    ['typographic apostrophes are folded', 'it’s not a scam', ["it's", 'not', 'a', 'scam']],
    ['Latin look-alikes inside a Cyrillic word', 'это cкам, пирамидa', ['это', 'скам', 'пирамида']],
    ['Cyrillic look-alikes inside a Latin word', 'sсаm', ['scam']],
    ['styled Unicode letters (NFKC)', '𝐬𝐜𝐚𝐦 ＳＣＡＭ', ['scam', 'scam']],
    ['hyphens split words', 'боты-защитники', ['боты', 'защитники']],
    ['empty text', '', []],
    [
      'contractions without an apostrophe and chat shorthand',
      'cant login pls, u there?',
      ["can't", 'login', 'please', 'you', 'there', ':question:'],
    ],
    [
      'Russian slang for the app and support',
      'прила лежит, саппорт молчит',
      ['приложение', 'лежит', 'поддержка', 'молчит'],
    ],
  ])('%s', (_why, text, expected) => {
    expect(words(text)).toEqual(expected);
  });

  it('keeps the word as written for the explanation when it reads it as another spelling', () => {
    const t = tokenize('cant withdraw');
    expect(t.words).toEqual(["can't", 'withdraw']);
    expect(t.surface).toEqual(['cant', 'withdraw']);
  });

  it('keeps the emoji itself as the surface form, for the explanation', () => {
    const t = tokenize('wow 🙃', { emoji });
    expect(t.surface).toEqual(['wow', '🙃']);
  });

  it('splits sentences at . ! ? and clauses also at commas', () => {
    const t = tokenize('no, it is. really?', { cues: false });
    expect(t.sentence).toEqual([0, 0, 0, 1]);
    expect(t.clause).toEqual([0, 1, 1, 2]);
    expect([...t.questions]).toEqual([1]);
  });
});

describe('tokenizePhrase', () => {
  it.each([
    ['вывод*', [{ text: 'вывод', prefix: true }]],
    ['Где мои деньги', ['где', 'мои', 'деньги'].map((text) => ({ text, prefix: false }))],
    [
      'не приход*',
      [
        { text: 'не', prefix: false },
        { text: 'приход', prefix: true },
      ],
    ],
    [':anger:', [{ text: ':anger:', prefix: false }]],
    ['is it legit?', ['is', 'it', 'legit'].map((text) => ({ text, prefix: false }))],
  ])('%s', (phrase, expected) => {
    expect(tokenizePhrase(phrase)).toEqual(expected);
  });
});

it('foldCase is what texts and phrases share', () => {
  expect(foldCase('Ёж’S')).toBe("еж's");
});
