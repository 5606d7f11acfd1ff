// @vitest-environment node
import { describe, expect, it } from 'vitest';
// The rules engine on its own: these pin its mechanisms (phrases, negation, fillers, combinations). The
// combined answer (model + rules) is tested in model.test.ts.
import { classifyByRules as classify, compileRules, withinOneEdit } from '../../../lib/classify/classifier';
import { DEFAULT_RULES } from '../../../lib/classify/default-rules';
import type { CategoryId } from '../../../lib/schemas/categories';
import type { ClassifierRules } from '../../../lib/schemas/rules';

const rules = compileRules(DEFAULT_RULES);

describe('classify: the hard cases, through general mechanisms', () => {
  it.each<[string, string, CategoryId]>([
    [
      'a question that is also a complaint: money stuck beats how-to',
      'how do I get my money back?? withdrawal stuck for 5 days',
      'support_needed',
    ],
    ['the same in Russian', 'как вернуть деньги? вывод висит неделю', 'support_needed'],
    ['a plain how-to stays a technical question', 'how do I withdraw to a bank card?', 'technical_question'],
    ['a scam accusation phrased as a question', 'wait, is this a scam?', 'trust_doubt'],
    ['the same in Russian', 'это что, скам?', 'trust_doubt'],
    [
      'sarcasm: praise next to a stuck withdrawal',
      'great, another day without my withdrawal 🙃',
      'support_needed',
    ],
    ['sarcasm in Russian', 'супер, вывод висит пятый день, отличный сервис', 'support_needed'],
    ['negation turns an accusation into reassurance', 'not a scam, withdrew yesterday', 'positive_neutral'],
    ['negation in Russian', 'не скам, выводил без проблем', 'positive_neutral'],
    [
      'a negated accusation inside a question is still doubt',
      'are you sure it is not a scam?',
      'trust_doubt',
    ],
    ['"no audit" is doubt, not a denial', 'no audit, no trust', 'trust_doubt'],
    ['hearsay makes a hack a rumour', 'I heard they got hacked and are hiding it', 'rumor_narrative'],
    [
      'a first-person hack is a security matter',
      'my account got hacked, funds drained',
      'legal_security_risk',
    ],
    [
      'legal wins a close call with support',
      'withdrawal stuck 2 weeks, my lawyer is drafting a lawsuit',
      'legal_security_risk',
    ],
    ['an outage, not a personal case', 'app down for anyone else? 502 everywhere', 'incident_complaint'],
    ['emoji-only praise', '🙏❤️', 'positive_neutral'],
    ['emoji-only mockery', '🤡🤡', 'trolling'],
    ['ALL CAPS', 'THIS APP IS A SCAM', 'trust_doubt'],
    ['a hashtag carries the word', '#KovraScam again', 'trust_doubt'],
    ['a typo in a long word', 'my widthdrawal is stuck', 'support_needed'],
    ['a Latin letter inside a Russian word', 'лохотрoн', 'trust_doubt'],
    [
      'a typo-tolerant stem does not swallow ordinary words',
      'good morning, thanks for the quick fix',
      'positive_neutral',
    ],
    ['"one sec" is not the regulator', 'one sec, checking the app', 'positive_neutral'],
    ['nothing to go on', 'hmm', 'positive_neutral'],
  ])('%s: %s', (_why, text, expected) => {
    expect(classify(text, rules).category).toBe(expected);
  });
});

describe('classify: the result explains itself', () => {
  it('names the words that decided it, as written, strongest first', () => {
    const r = classify('Вывод висит, поддержка молчит @KovraSupport', rules);
    expect(r.category).toBe('support_needed');
    expect(r.matched).toContain('висит');
    expect(r.matched).toContain('вывод');
    expect(r.matched.indexOf('висит')).toBeLessThan(r.matched.indexOf('вывод'));
  });

  it('shows a negated phrase with its negator', () => {
    expect(classify('not a scam', rules).matched).toEqual(['not a scam']);
  });

  it('shows emoji as emoji', () => {
    expect(classify('🤡', rules).matched).toEqual(['🤡']);
  });

  it('counts a repeated phrase once', () => {
    const once = classify('scam', rules).scores.trust_doubt;
    expect(classify('scam scam scam SCAM', rules).scores.trust_doubt).toBe(once);
  });

  it('falls back with low confidence and no reasons when nothing matched', () => {
    const r = classify('', rules);
    expect(r).toMatchObject({ category: 'positive_neutral', matched: [] });
    expect(r.confidence).toBeLessThan(0.2);
  });

  it('is more confident with more and stronger evidence', () => {
    const weak = classify('is it legit?', rules);
    const strong = classify('total scam, a ponzi, stay away', rules);
    expect(weak.category).toBe('trust_doubt');
    expect(strong.category).toBe('trust_doubt');
    expect(strong.confidence).toBeGreaterThan(weak.confidence);
    expect(strong.confidence).toBeGreaterThan(0.8);
    expect(strong.confidence).toBeLessThanOrEqual(1);
  });

  it('is less confident when two categories are close', () => {
    const clear = classify('app down, 502', rules);
    const close = classify('app down and my withdrawal is stuck', rules);
    expect(close.confidence).toBeLessThan(clear.confidence);
  });

  it('reports a score for every category', () => {
    expect(Object.keys(classify('hi', rules).scores)).toHaveLength(8);
  });
});

describe("classify with the manager's own rules", () => {
  const custom: ClassifierRules = {
    version: 1,
    categories: {
      trolling: {
        phrases: [
          { match: 'bozo*', weight: 3 },
          { match: ':cold:', weight: 2 },
        ],
      },
      support_needed: { phrases: [{ match: 'карт* заблок*', weight: 3 }] },
      trust_doubt: { phrases: [{ match: 'scam', weight: 3 }] },
    },
    emoji: { '🥶': 'cold' },
    brandHandles: ['@KovraApp'],
    negation: { terms: ['not'], window: 2, categories: ['trust_doubt'], factor: -0.5 },
    fallback: 'technical_question',
    minScore: 2,
  };
  const c = compileRules(custom);

  it.each<[string, CategoryId]>([
    ['what bozos', 'trolling'],
    ['🥶', 'trolling'],
    ['Карту заблокировали вчера', 'support_needed'],
    ['scam', 'trust_doubt'],
    ['not scam', 'technical_question'],
    ['fine', 'technical_question'],
  ])('%s → %s', (text, expected) => {
    expect(classify(text, c).category).toBe(expected);
  });

  it('turns a negated phrase into counter-evidence when the factor is negative', () => {
    expect(classify('not scam', c).scores.trust_doubt).toBe(-1.5);
  });

  it('can be passed uncompiled (compiled once and cached)', () => {
    expect(classify('bozo', custom).category).toBe('trolling');
  });
});

describe('general mechanisms beyond single phrases', () => {
  const base: ClassifierRules = {
    version: 1,
    categories: {
      support_needed: { phrases: [{ match: "can't withdraw", weight: 3 }] },
      incident_complaint: { phrases: [{ match: 'не работает', weight: 3 }] },
    },
    fallback: 'positive_neutral',
  };

  it('steps over filler words inside a phrase, and shows them in the explanation', () => {
    const c = compileRules({ ...base, skip: ['even', 'вообще'] });
    expect(classify('I cant even withdraw 50 euro', c)).toMatchObject({
      category: 'support_needed',
      matched: ['cant even withdraw'],
    });
    expect(classify('не вообще работает', c).category).toBe('incident_complaint');
    // Without the skip list the phrase needs its words side by side.
    expect(classify('I cant even withdraw', compileRules(base)).category).toBe('positive_neutral');
  });

  it('skips at most two fillers, and never a word the phrase itself needs', () => {
    const c = compileRules({ ...base, skip: ['even', 'really', 'just', 'withdraw'] });
    expect(classify("can't even really just withdraw", c).category).toBe('positive_neutral');
    expect(classify("can't withdraw", c).category).toBe('support_needed');
  });

  it('counts a combination once when every group matches somewhere in the text', () => {
    const c = compileRules({
      ...base,
      combos: [
        {
          category: 'legal_security_risk',
          all: [
            ['asking for', 'просит'],
            ['password*', 'код'],
          ],
          weight: 3,
        },
      ],
    });
    const hit = classify('a "support" account is asking for my passwords. Passwords!', c);
    expect(hit.category).toBe('legal_security_risk');
    expect(hit.scores.legal_security_risk).toBe(3);
    expect(hit.matched).toEqual(['asking for + passwords']);
    expect(classify('В ватсапе просит код из СМС', c).category).toBe('legal_security_risk');
    expect(classify('forgot my password, how do I reset it', c).category).toBe('positive_neutral');
  });

  it('counts two spellings of one phrase in saved rules once', () => {
    const c = compileRules({
      ...base,
      categories: {
        trust_doubt: {
          phrases: [
            { match: "don't trust", weight: 3 },
            { match: 'dont trust', weight: 2 },
          ],
        },
      },
    });
    expect(classify('I dont trust them', c).scores.trust_doubt).toBe(3);
  });

  it('reads contractions without an apostrophe and chat shorthand as the same words', () => {
    expect(classify('cant withdraw, pls help', rules).category).toBe('support_needed');
    expect(classify('прила не работает с утра', rules).category).toBe('incident_complaint');
  });
});

describe('the default rules on mentions people write every day', () => {
  it.each<[string, CategoryId]>([
    ['anyone else getting declined at every shop today?', 'incident_complaint'],
    ['у всех переводы висят?', 'incident_complaint'],
    ['my account is restricted for 9 days now, any human at support?', 'support_needed'],
    ['"Kovra support" DMed me asking for my seed phrase, reported', 'legal_security_risk'],
    ['Мне написали от имени поддержки и просят код из смс', 'legal_security_risk'],
    ["someone logged into my account and sent all my USDT out, I didn't do this", 'legal_security_risk'],
    ['my solicitor will be in touch', 'legal_security_risk'],
    ['Готовим коллективный иск', 'legal_security_risk'],
    ['apparently they are about to freeze all UK accounts', 'rumor_narrative'],
    ['По слухам, Kovra уходит с рынка', 'rumor_narrative'],
    ['no audit, anonymous team, 15% APY. hard pass', 'trust_doubt'],
    ['Сомнительная контора, без лицензии', 'trust_doubt'],
    ['keep coping, bagholders 🤡', 'trolling'],
    ['как поменять номер телефона в профиле?', 'technical_question'],
    ['been using it for 2 years, never had an issue', 'positive_neutral'],
  ])('%s → %s', (text, expected) => {
    expect(classify(text, rules).category).toBe(expected);
  });
});

describe('withinOneEdit', () => {
  it.each([
    ['withdrawal', 'widthdrawal', true],
    ['recieve', 'receive', true],
    ['verification', 'verfication', true],
    ['scam', 'scam', true],
    ['scam', 'spam', true],
    ['scam', 'sport', false],
    ['withdrawal', 'withdrawals!!', false],
  ])('%s ~ %s: %s', (a, b, expected) => {
    expect(withinOneEdit(a, b)).toBe(expected);
  });
});
