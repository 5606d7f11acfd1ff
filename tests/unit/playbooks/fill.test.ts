import { describe, expect, it } from 'vitest';
import { DEFAULT_LINKS } from '../../../lib/playbooks/defaults';
import {
  detectLanguage,
  fillTemplate,
  helpArticle,
  pickLanguage,
  templateVars,
  withoutAddress,
} from '../../../lib/playbooks/fill';

const vars = {
  author: '@jakeonchain',
  support_url: 'https://kovra.example/support',
  status_url: 'https://status.kovra.example',
};

describe('fillTemplate', () => {
  it.each([
    ['{author} see {support_url}', '@jakeonchain see https://kovra.example/support', []],
    ['no variables at all', 'no variables at all', []],
    ['{author} {author}', '@jakeonchain @jakeonchain', []],
    [
      '{my_experience}, then {status_url}',
      '{my_experience}, then https://status.kovra.example',
      ['my_experience'],
    ],
    ['{unknown_thing} and {author}', '{unknown_thing} and @jakeonchain', ['unknown_thing']],
    ['{a} {b} {a}', '{a} {b} {a}', ['a', 'b']],
    // Braces that are not a variable are ordinary text.
    ['{ author }', '{ author }', []],
    ['{}', '{}', []],
    ['{"json": 1}', '{"json": 1}', []],
    ['{Kovra}', '{Kovra}', []],
    ['{{author}}', '{@jakeonchain}', []],
    ['🙂 {author}!', '🙂 @jakeonchain!', []],
    // Not inherited from Object.prototype.
    ['{constructor} {__proto__}', '{constructor} {__proto__}', ['constructor', '__proto__']],
  ])('%s → %s', (text, expected, missing) => {
    expect(fillTemplate(text, vars)).toEqual({ text: expected, missing });
  });

  it('treats an empty value as missing', () => {
    expect(fillTemplate('{author} hi', { author: ' ' })).toEqual({
      text: '{author} hi',
      missing: ['author'],
    });
  });

  it('does not expand a value that looks like a variable', () => {
    expect(fillTemplate('{author}', { author: '{status_url}', status_url: 'x' }).text).toBe('{status_url}');
  });
});

describe('language', () => {
  it.each([
    ['Anyone else stuck on withdrawal?', 'en'],
    ['У меня то же самое, вывод висит с понедельника', 'ru'],
    ['@KovraSupport вывод USDT висит 3 дня https://kovra.example/x', 'ru'],
    ['$BTC withdrawal stuck, @KovraApp помогите', 'ru'],
    ['ok 🤡🤡', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('%s → %s', (text, expected) => {
    expect(detectLanguage(text)).toBe(expected);
  });

  it.each([
    [{ text: 'вывод висит' }, 'ru'],
    [{ text: 'withdrawal stuck' }, 'en'],
    [{ text: 'вывод висит', manual: 'en' }, 'en'],
    [{ text: 'hola', manual: 'de' }, 'en'],
    [{ text: '🙂' }, 'en'],
    [{ text: '🙂', fallback: 'ru' }, 'ru'],
  ] as const)('%j → %s', (opts, expected) => {
    expect(pickLanguage(['en', 'ru'], opts)).toBe(expected);
  });

  it('falls back to whatever exists when neither the thread language nor English does', () => {
    expect(pickLanguage(['pt-BR'], { text: 'withdrawal stuck' })).toBe('pt-BR');
    expect(pickLanguage([], {})).toBeUndefined();
  });
});

describe('templateVars', () => {
  it('fills from the settings and the thread', () => {
    expect(templateVars({ author: 'jakeonchain', category: 'support_needed' }, DEFAULT_LINKS, 'en')).toEqual({
      author: '@jakeonchain',
      support_url: 'https://kovra.example/support',
      status_url: 'https://status.kovra.example',
      help_article: 'https://kovra.example/help/withdrawals',
      support_handle: '@KovraSupport',
      brand: 'Kovra',
    });
  });

  it('leaves the author out when the page did not show one', () => {
    expect(templateVars({ category: 'trolling' }, DEFAULT_LINKS, 'en')).not.toHaveProperty('author');
  });

  it.each([
    ['support_needed', 'ru', 'https://kovra.example/ru/help/withdrawals'],
    ['support_needed', 'en', 'https://kovra.example/help/withdrawals'],
    ['trolling', 'en', 'https://kovra.example/help'],
  ] as const)('help article for %s in %s', (category, lang, url) => {
    expect(helpArticle(DEFAULT_LINKS, category, lang)).toBe(url);
  });
});

describe('a top-level comment addresses nobody', () => {
  it.each([
    ['{author} same here, the form fixed it.', 'Same here, the form fixed it.'],
    ['{author}, same here.', 'Same here.'],
    ['{author}: which screen are you on?', 'Which screen are you on?'],
    ['{author} было то же самое.', 'Было то же самое.'],
    ['No address at all.', 'No address at all.'],
    ['{author} — same here.', 'Same here.'],
    ['  {author}   same here.', '  Same here.'],
    ['Hi {author}, same here.', 'Hi, same here.'],
    ['Hey {author}! Same here.', 'Hey! Same here.'],
    ['Привет {author}, было то же самое.', 'Привет, было то же самое.'],
  ])('%j becomes %j', (text, expected) => {
    expect(withoutAddress(text)).toBe(expected);
  });

  it.each([
    'Thanks {author}, that helps.',
    'As {author} says in the video, the form is the fast way.',
    'Agree with {author}: check {status_url} first.',
    'Как и говорит {author}, форма быстрее.',
    'Same here {author}-style.',
  ])('keeps %j: the name is part of the sentence, not an address', (text) => {
    expect(withoutAddress(text)).toBe(text);
  });

  it('an address at the start goes, one in mid-sentence names the channel', () => {
    expect(
      fillTemplate(
        '{author} same here. As {author} said, the form is faster.',
        { author: '@KovraHelp' },
        {
          unaddressed: true,
        },
      ),
    ).toEqual({ text: 'Same here. As @KovraHelp said, the form is faster.', missing: [] });
  });

  it('fillTemplate leaves the author out of an unaddressed comment instead of listing it as missing', () => {
    expect(fillTemplate('{author} same here: {my_experience}', {}, { unaddressed: true })).toEqual({
      text: 'Same here: {my_experience}',
      missing: ['my_experience'],
    });
  });
});
