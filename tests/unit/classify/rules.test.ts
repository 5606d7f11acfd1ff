// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../../../lib/classify/default-rules';
import { CATEGORY_IDS } from '../../../lib/schemas/categories';
import { type ClassifierRules, formatRulesErrors, validateRules } from '../../../lib/schemas/rules';

const base = (): ClassifierRules => ({
  version: 1,
  categories: { trust_doubt: { phrases: [{ match: 'scam*', weight: 3 }] } },
  fallback: 'positive_neutral',
});

function withPhrases(...phrases: unknown[]): unknown {
  return { ...base(), categories: { trust_doubt: { phrases } } };
}

describe('validateRules', () => {
  it('accepts the default rules, which cover every category in both languages', () => {
    const r = validateRules(DEFAULT_RULES);
    expect(r.ok ? [] : formatRulesErrors(r.errors)).toEqual([]);
    for (const id of CATEGORY_IDS) {
      const langs = new Set(DEFAULT_RULES.categories[id]?.phrases.map((p) => p.lang));
      expect(langs, id).toContain('en');
      expect(langs, id).toContain('ru');
    }
  });

  it('survives a JSON round trip (what the options page exports and imports)', () => {
    expect(validateRules(JSON.parse(JSON.stringify(DEFAULT_RULES))).ok).toBe(true);
  });

  it.each<[string, unknown, string, RegExp]>([
    [
      'a weight out of range',
      withPhrases(
        { match: 'a', weight: 1 },
        { match: 'b', weight: 1 },
        { match: 'c', weight: 1 },
        { match: 'ponzi', weight: 11 },
      ),
      'categories.trust_doubt.phrases[3].weight',
      /must be a number between -10 and 10/,
    ],
    [
      'a weight that is not a number',
      withPhrases({ match: 'x', weight: '3' }),
      'categories.trust_doubt.phrases[0].weight',
      /number/,
    ],
    [
      'an empty phrase',
      withPhrases({ match: '  ', weight: 1 }),
      'categories.trust_doubt.phrases[0].match',
      /must not be empty/,
    ],
    [
      'punctuation only',
      withPhrases({ match: '?!', weight: 1 }),
      'categories.trust_doubt.phrases[0].match',
      /at least one letter/,
    ],
    [
      'a duplicate phrase (case and ё do not make it different)',
      withPhrases({ match: 'Scam*', weight: 3 }, { match: 'ok', weight: 1 }, { match: 'scam*', weight: 2 }),
      'categories.trust_doubt.phrases[2].match',
      /duplicates phrases\[0\]/,
    ],
    [
      'ё and е are the same',
      withPhrases({ match: 'всё', weight: 1 }, { match: 'все', weight: 1 }),
      'categories.trust_doubt.phrases[1].match',
      /duplicates/,
    ],
    [
      'a regular expression',
      withPhrases({ match: 'sc(a|4)m', weight: 1 }),
      'categories.trust_doubt.phrases[0].match',
      /regular expression/,
    ],
    [
      '.* wildcards',
      withPhrases({ match: 'rug.*', weight: 1 }),
      'categories.trust_doubt.phrases[0].match',
      /regular expression/,
    ],
    [
      '* in the middle of a word',
      withPhrases({ match: 'sc*am', weight: 1 }),
      'categories.trust_doubt.phrases[0].match',
      /only allowed at the end/,
    ],
    [
      'a too short prefix',
      withPhrases({ match: 'sc*', weight: 1 }),
      'categories.trust_doubt.phrases[0].match',
      /at least 3 letters/,
    ],
    [
      'an unknown signal',
      withPhrases({ match: ':angry:', weight: 1 }),
      'categories.trust_doubt.phrases[0].match',
      /unknown signal :angry:/,
    ],
    [
      'a misspelt field',
      withPhrases({ match: 'scam', wieght: 1 }),
      'categories.trust_doubt.phrases[0].wieght',
      /unknown field/,
    ],
    [
      'a bad language code',
      withPhrases({ match: 'scam', weight: 1, lang: 'English' }),
      'categories.trust_doubt.phrases[0].lang',
      /two-letter/,
    ],
    [
      'an unknown category',
      { ...base(), categories: { scam_alert: { phrases: [] } } },
      'categories.scam_alert',
      /unknown category "scam_alert"; expected one of: technical_question/,
    ],
    ['an unknown fallback', { ...base(), fallback: 'other' }, 'fallback', /must be one of/],
    ['a wrong version', { ...base(), version: 2 }, 'version', /must be 1/],
    ['an emoji key that is not an emoji', { ...base(), emoji: { x: 'anger' } }, 'emoji.x', /single emoji/],
    [
      'a dampen rule aimed at itself',
      { ...base(), dampen: [{ when: ['trolling'], atLeast: 1, target: ['trolling'], factor: 0.5 }] },
      'dampen[0].target',
      /cannot dampen itself/,
    ],
    [
      'a negation window out of range',
      { ...base(), negation: { terms: ['not'], window: 9, categories: [], factor: 0 } },
      'negation.window',
      /between 1 and 6/,
    ],
    [
      'a multi-word negator',
      { ...base(), negation: { terms: ['no way'], window: 3, categories: [], factor: 0 } },
      'negation.terms[0]',
      /single word/,
    ],
    [
      'a combination with a single group',
      { ...base(), combos: [{ category: 'trolling', all: [['lol']], weight: 1 }] },
      'combos[0].all',
      /at least two groups/,
    ],
    [
      'a regular expression inside a combination',
      { ...base(), combos: [{ category: 'trolling', all: [['lol'], ['a|b']], weight: 1 }] },
      'combos[0].all[1][0]',
      /regular expression/,
    ],
    [
      'an unknown signal inside a combination',
      { ...base(), combos: [{ category: 'trolling', all: [['lol'], [':angry:']], weight: 1 }] },
      'combos[0].all[1][0]',
      /unknown signal :angry:/,
    ],
    [
      'a combination for an unknown category',
      { ...base(), combos: [{ category: 'memes', all: [['a'], ['b']], weight: 1 }] },
      'combos[0].category',
      /must be one of/,
    ],
    ['a multi-word filler', { ...base(), skip: ['even so'] }, 'skip[0]', /single plain word/],
  ])('rejects %s, saying where', (_why, json, path, message) => {
    const r = validateRules(json);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const hit = r.errors.find((e) => e.path === path);
    expect(hit, formatRulesErrors(r.errors)).toBeDefined();
    expect(hit?.message).toMatch(message);
  });

  it('reports every problem at once, one line each', () => {
    const r = validateRules(withPhrases({ match: '', weight: 1 }, { match: 'ok', weight: 99 }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(formatRulesErrors(r.errors).split('\n')).toEqual([
      'categories.trust_doubt.phrases[0].match: must not be empty',
      'categories.trust_doubt.phrases[1].weight: must be a number between -10 and 10',
    ]);
  });

  it('still accepts rules saved with two spellings of one phrase ("dont" and "don\'t")', () => {
    expect(
      validateRules(withPhrases({ match: "don't trust", weight: 3 }, { match: 'dont trust', weight: 3 })).ok,
    ).toBe(true);
  });

  it('allows signals the emoji map defines', () => {
    const r = validateRules({
      ...base(),
      emoji: { '🥶': 'cold' },
      categories: { trolling: { phrases: [{ match: ':cold:', weight: 1 }] } },
    });
    expect(r.ok).toBe(true);
  });

  it('rejects what is not an object at all', () => {
    expect(validateRules(null)).toMatchObject({ ok: false, errors: [{ path: '(root)' }] });
    expect(validateRules({ version: 1, categories: [], fallback: 'trolling' })).toMatchObject({ ok: false });
  });
});
