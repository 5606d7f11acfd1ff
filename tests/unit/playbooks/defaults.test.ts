import { describe, expect, it } from 'vitest';
import { DEFAULT_LINKS, DEFAULT_PLAYBOOKS } from '../../../lib/playbooks/defaults';
import { fillTemplate, templateVars } from '../../../lib/playbooks/fill';
import { CATEGORY_IDS } from '../../../lib/schemas/categories';
import { validatePlaybooks } from '../../../lib/schemas/playbook';

const all = CATEGORY_IDS.flatMap((category) =>
  (['en', 'ru'] as const).flatMap((lang) =>
    (DEFAULT_PLAYBOOKS.playbooks[category].templates[lang] ?? []).map((t) => ({ category, lang, t })),
  ),
);

describe('the default playbooks', () => {
  it('validate', () => {
    const result = validatePlaybooks(DEFAULT_PLAYBOOKS);
    expect(result.ok ? [] : result.issues).toEqual([]);
  });

  it.each(CATEGORY_IDS)('%s has a playbook with 2–4 templates in English and Russian, same ids', (id) => {
    const p = DEFAULT_PLAYBOOKS.playbooks[id];
    expect(p.category).toBe(id);
    expect(p.goal.length).toBeGreaterThan(10);
    expect(p.do.length).toBeGreaterThan(0);
    expect(p.dont.length).toBeGreaterThan(0);
    for (const lang of ['en', 'ru']) {
      expect(p.templates[lang]?.length).toBeGreaterThanOrEqual(2);
      expect(p.templates[lang]?.length).toBeLessThanOrEqual(4);
    }
    expect(p.templates.ru!.map((t) => t.id)).toEqual(p.templates.en!.map((t) => t.id));
  });

  it('Russian templates are written in Russian', () => {
    for (const { t, lang } of all.filter((x) => x.lang === 'ru')) {
      expect(t.text, `${lang}: ${t.text}`).toMatch(/\p{Script=Cyrillic}{3}/u);
    }
  });

  it.each(all.map(({ category, lang, t }) => [`${category}/${lang}/${t.id}`, category, t.text] as const))(
    '%s fits in a tweet once filled and never asks for account data in public',
    (_, category, text) => {
      const { text: filled } = fillTemplate(
        text,
        templateVars({ author: 'someone_long_handle', category }, DEFAULT_LINKS, 'en'),
      );
      // {my_experience} is what the ambassador replaces; leave it room.
      expect(filled.replace('{my_experience}', '').length).toBeLessThanOrEqual(280);
      expect(filled).not.toMatch(
        /\b(send|post|share|give) (me )?(your )?(email|password|account id|seed|tx ?hash)/i,
      );
      // No brand voice.
      expect(filled).not.toMatch(/\bwe\b|\bour team\b|valued customer|!!/i);
    },
  );

  it('trolling says not to reply and legal/security says to escalate, not answer', () => {
    expect(DEFAULT_PLAYBOOKS.playbooks.trolling.goal).toMatch(/no reply/i);
    expect(DEFAULT_PLAYBOOKS.playbooks.trolling.like.should).toBe(false);
    const legal = DEFAULT_PLAYBOOKS.playbooks.legal_security_risk;
    expect(legal.goal).toMatch(/don’t answer in public/i);
    expect(legal.escalation.route).toBe('manager');
    expect(DEFAULT_PLAYBOOKS.playbooks.positive_neutral.like.should).toBe(true);
  });

  it('reminds to disclose perks where a reply speaks well of the product', () => {
    for (const id of ['trust_doubt', 'rumor_narrative', 'positive_neutral'] as const) {
      expect(DEFAULT_PLAYBOOKS.playbooks[id].disclosure).toMatch(/ambassador/);
    }
  });
});
