// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { classify, compileRules } from '../../../lib/classify/classifier';
import { DEFAULT_RULES } from '../../../lib/classify/default-rules';
import { latinToCyrillic, MAX_MODEL_CHARS, normalizeForModel } from '../../../lib/classify/features';
import { loadModel, type ModelFile } from '../../../lib/classify/model';
import { seedModel } from '../../../lib/classify/seed-model';
import type { CategoryId } from '../../../lib/schemas/categories';

const rules = compileRules(DEFAULT_RULES);
const seed = seedModel();
if (!seed.ok) throw new Error(`seed model: ${seed.reason}`);
const file: ModelFile = seed.model.file;

describe('the model with the rules: everyday mentions', () => {
  it.each<[string, CategoryId]>([
    ['how do I withdraw to a bank card?', 'technical_question'],
    ['вывод висит неделю, поддержка молчит', 'support_needed'],
    ['vyvod visit nedelyu, podderzhka molchit', 'support_needed'],
    ['is this a scam or what, no license anywhere', 'trust_doubt'],
    ['I heard they got hacked and are hiding it', 'rumor_narrative'],
    ['app down for anyone else? 502 everywhere', 'incident_complaint'],
    ['keep coping, bagholders 🤡', 'trolling'],
    ['someone posing as support asked for my seed phrase', 'legal_security_risk'],
    ['withdrew in 5 minutes, thanks kovra 🙏', 'positive_neutral'],
    ['#KovraScam again', 'trust_doubt'],
    ['my widthdrawal is stuck', 'support_needed'],
  ])('%s → %s', (text, expected) => {
    const r = classify(text, rules);
    expect(r.category).toBe(expected);
    expect(r.source).toBe('model+rules');
    expect(r.model).toBe(file.version);
  });

  it.each<[string, 'negative' | 'neutral' | 'positive']>([
    ['withdrawal stuck for 5 days, this is ridiculous', 'negative'],
    ['how do I change my PIN?', 'neutral'],
    ['best app I have used, support sorted it in minutes 🙏', 'positive'],
    ['прила лежит с утра', 'negative'],
    ['spasibo, vse prishlo bystro', 'positive'],
  ])('polarity of %s → %s', (text, expected) => {
    expect(classify(text, rules).polarity).toBe(expected);
  });

  it('explains with the rules’ words for the category it chose, and bands its confidence', () => {
    const r = classify('Вывод висит, поддержка молчит @KovraSupport', rules);
    expect(r.category).toBe('support_needed');
    expect(r.matched).toContain('висит');
    expect(r.band).toBe(r.confidence >= 0.8 ? 'likely' : 'unsure');
  });

  it('lets a manager’s override phrase decide, and says so', () => {
    const custom = {
      ...DEFAULT_RULES,
      categories: {
        ...DEFAULT_RULES.categories,
        rumor_narrative: { phrases: [{ match: 'vault*', weight: 5, override: true }] },
      },
    };
    expect(classify('how do I open a vault?', rules).category).toBe('technical_question');
    const r = classify('how do I open a vault?', custom);
    expect(r.category).toBe('rumor_narrative');
    expect(r.note).toBe('the team\'s rule "vault" decided it');
    expect(r.matched).toContain('vault');
  });
});

describe('bad input gets an answer with low confidence, never an error', () => {
  it.each([
    ['empty', ''],
    ['spaces', '   \n '],
    ['emoji only', '🤡🤡🤡'],
    ['very long', 'withdrawal stuck '.repeat(20_000)],
    ['another script mostly', '这个应用程序真的很好用吗 谢谢 ok'],
    ['control characters', '\u0000\u0001\u0002'],
  ])('%s', (_name, text) => {
    const r = classify(text, rules);
    expect(r.band).toBe('unsure');
    expect(r.confidence).toBeLessThanOrEqual(0.5);
    expect(r.note).toBeTruthy();
  });

  it('a non-string from a careless caller reads as empty', () => {
    expect(classify(undefined as unknown as string, rules).band).toBe('unsure');
  });
});

describe('a corrupt or mismatched model falls back to the rules and says so', () => {
  const damaged: [string, unknown][] = [
    ['not a model at all', { hello: 'world' }],
    ['a string', 'garbage'],
    ['cut short', { ...file, weights: file.weights.slice(0, 1000) }],
    ['not base64', { ...file, weights: '%%%%' }],
    ['other categories', { ...file, categories: [...file.categories.slice(1), 'memes'] }],
    ['another format', { ...file, format: 'reply-tracker/linear-v0' }],
    ['bias of the wrong length', { ...file, bias: [1, 2] }],
  ];
  it.each(damaged)('%s', (_name, bad) => {
    const r = classify('withdrawal stuck 3 days', rules, bad);
    expect(r.source).toBe('rules');
    expect(r.category).toBe(classify('withdrawal stuck 3 days', rules, null).category);
    expect(r.note).toMatch(/model could not be used.*rules answered alone/);
    expect(r.band).toBe('unsure');
    expect(loadModel(bad).ok).toBe(false);
  });

  it('the rules alone, when asked, carry no note', () => {
    const r = classify('withdrawal stuck 3 days', rules, null);
    expect(r).toMatchObject({ source: 'rules', category: 'support_needed', polarity: 'negative' });
    expect(r.note).toBeUndefined();
  });
});

describe('normalising before features', () => {
  it.each([
    ['vyvod', 'вывод'],
    ['podderzhka', 'поддержка'],
    ['zablokirovali', 'заблокировали'],
    ['schet', 'щет'],
    ['novyy', 'новый'],
    ["den'gi", 'деньги'],
  ])('%s → %s', (latin, cyr) => {
    expect(latinToCyrillic(latin)).toBe(cyr);
  });

  it('reads Russian in Latin letters as Russian, leaves English alone, and finds the brand anywhere', () => {
    expect(normalizeForModel('vyvod zavis, chto delat', ['kovra']).words).toEqual([
      'вывод',
      'завис',
      'что',
      'делат',
    ]);
    expect(normalizeForModel('what do I do, withdrawal stuck', ['kovra']).transliterated).toBe(false);
    expect(normalizeForModel('@KovraSupport в ковре и Kovra', ['kovra']).words).toEqual([
      'xbrand',
      'в',
      'xbrand',
      'и',
      'xbrand',
    ]);
    expect(normalizeForModel('x'.repeat(MAX_MODEL_CHARS + 10), []).truncated).toBe(true);
  });

  // English with a Russian name in it was read as Russian in Latin letters (and transliterated) when it
  // said "no" (in the Russian list, though both languages spell it) or named a ".net" domain ("нет").
  it.each([
    'Natasha, no proof of reserves, no audit, no thanks',
    'Dmitriy: Kovra card works great abroad, no fees in Spain',
    "Zhenya, scam site copying Kovra's login page: kovra-secure-verify.net",
  ])('keeps English with a Russian name English: %s', (text) => {
    const t = normalizeForModel(text, ['kovra']);
    expect(t.transliterated).toBe(false);
    expect(t.words).toContain(text.includes('.net') ? 'xdomain' : 'no');
  });
});
