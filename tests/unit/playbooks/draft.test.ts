// @vitest-environment node
import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_PLAYBOOKS } from '../../../lib/playbooks/defaults';
import {
  addLanguage,
  advancedRules,
  exportFileName,
  exportJson,
  getIn,
  issuesAt,
  issuesUnder,
  languagesOf,
  newTemplateId,
  parseImport,
  previewTemplate,
  removeLanguage,
  setIn,
  tryClassifier,
  validateDraft,
  withAdvancedRules,
} from '../../../lib/playbooks/draft';
import { type PlaybookContent, validatePlaybooks } from '../../../lib/schemas/playbook';
import { ClassifierRulesSchema } from '../../../lib/schemas/rules';

const doc = (): PlaybookContent => structuredClone(DEFAULT_PLAYBOOKS);

describe('editing a draft by path', () => {
  it('copies only the containers along the path', () => {
    const before = doc();
    const after = setIn(before, ['playbooks', 'trolling', 'goal'], 'Leave it');
    expect(after.playbooks.trolling.goal).toBe('Leave it');
    expect(before.playbooks.trolling.goal).not.toBe('Leave it');
    expect(after.rules).toBe(before.rules);
    expect(after.playbooks.support_needed).toBe(before.playbooks.support_needed);
    expect(after.playbooks.trolling.templates).toBe(before.playbooks.trolling.templates);
  });

  it('sets inside lists and removes a key for undefined', () => {
    const before = doc();
    const after = setIn(before, ['categories', 2, 'slaHours'], 6);
    expect(after.categories[2]!.slaHours).toBe(6);
    expect(Array.isArray(after.categories)).toBe(true);
    const cleared = setIn(after, ['playbooks', 'trust_doubt', 'disclosure'], undefined);
    expect('disclosure' in cleared.playbooks.trust_doubt).toBe(false);
    expect(getIn(cleared, ['categories', 2, 'slaHours'])).toBe(6);
    expect(getIn(cleared, ['nope', 3, 'deeper'])).toBeUndefined();
  });
});

describe('validating a draft', () => {
  const broken: Array<[string, (d: PlaybookContent) => unknown]> = [
    ['nothing wrong', (d) => d],
    ['an empty goal', (d) => setIn(d, ['playbooks', 'trolling', 'goal'], '')],
    ['a negative SLA', (d) => setIn(d, ['categories', 0, 'slaHours'], -1)],
    ['an SLA left empty (NaN)', (d) => setIn(d, ['categories', 0, 'slaHours'], Number.NaN)],
    [
      'an unknown variable',
      (d) => setIn(d, ['playbooks', 'trolling', 'templates', 'en', 0, 'text'], 'hi {name}'),
    ],
    ['a regex phrase', (d) => setIn(d, ['rules', 'categories', 'trolling', 'phrases', 0, 'match'], 'a|b')],
    ['a bad fallback', (d) => setIn(d, ['rules', 'fallback'], 'other')],
    ['a bad language key', (d) => setIn(d, ['playbooks', 'trolling', 'templates', 'English'], [])],
    ['a missing category', (d) => setIn(d, ['categories'], d.categories.slice(1))],
    ['a bad help article key', (d) => setIn(d, ['settings', 'helpArticles', 'Support Page'], 'https://x.y')],
  ];
  it.each(broken)('answers what validatePlaybooks answers: %s', (_, change) => {
    const draft = change(doc());
    const full = validatePlaybooks(draft);
    const fast = validateDraft(draft);
    const key = (i: { path: (string | number)[]; message: string }) => `${i.path.join('.')}|${i.message}`;
    expect(fast.map(key).sort()).toEqual(full.ok ? [] : full.issues.map(key).sort());
  });

  it('checks the rules (nine tenths of the cost) again only when they changed', () => {
    const parse = vi.spyOn(ClassifierRulesSchema, 'safeParse');
    try {
      const draft = doc();
      for (let i = 0; i < 5; i++) validateDraft(setIn(draft, ['playbooks', 'trolling', 'goal'], `goal ${i}`));
      expect(parse).toHaveBeenCalledTimes(1);
      validateDraft(setIn(draft, ['rules', 'fallback'], 'trolling'));
      expect(parse).toHaveBeenCalledTimes(2);
    } finally {
      parse.mockRestore();
    }
  });

  it('finds the issues for a field and for a part of the document', () => {
    const issues = validateDraft(setIn(doc(), ['playbooks', 'trolling', 'goal'], ''));
    expect(issuesAt(issues, ['playbooks', 'trolling', 'goal'])).toEqual(['must not be empty']);
    expect(issuesAt(issues, ['playbooks', 'trolling'])).toEqual([]);
    expect(issuesUnder(issues, ['playbooks'])).toHaveLength(1);
    expect(issuesUnder(issues, ['rules'])).toHaveLength(0);
  });
});

describe('import and export', () => {
  it('round-trips an export', () => {
    const content = doc();
    const result = parseImport(exportJson(content));
    expect(result).toEqual({ ok: true, content: validatePlaybooks(content).ok && content });
  });

  it('takes a server document too', () => {
    const result = parseImport(JSON.stringify({ version: 7, updatedBy: 'maria', content: doc() }));
    expect(result.ok).toBe(true);
  });

  it('refuses a file that is not JSON, and one that does not validate, with every path', () => {
    const notJson = parseImport('{"categories": [');
    expect(notJson.ok).toBe(false);
    expect(!notJson.ok && notJson.message).toMatch(/^The file is not valid JSON/);

    const bad = setIn(
      setIn(doc(), ['playbooks', 'trolling', 'goal'], ''),
      ['categories', 1, 'priority'],
      'asap',
    );
    const result = parseImport(JSON.stringify(bad));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.message).toBe('Not imported: 2 problems in the file. Nothing was changed.');
    expect(result.issues.map((i) => i.path.join('.')).sort()).toEqual([
      'categories.1.priority',
      'playbooks.trolling.goal',
    ]);
    expect(parseImport('[]').ok).toBe(false);
  });

  it('names the file after the version and the day', () => {
    expect(exportFileName(3, new Date('2026-11-20T23:00:00Z'))).toBe(
      'reply-tracker-playbooks-v3-2026-11-20.json',
    );
    expect(exportFileName(0, new Date('2026-11-20T23:00:00Z'))).toBe(
      'reply-tracker-playbooks-2026-11-20.json',
    );
  });
});

describe('advanced rules as JSON', () => {
  it('leaves the phrases out, and puts them back around an edit', () => {
    const rules = doc().rules;
    const advanced = advancedRules(rules);
    expect(JSON.stringify(advanced)).not.toContain('"phrases"');
    expect(withAdvancedRules(rules, JSON.parse(JSON.stringify(advanced)))).toEqual(rules);

    const edited = withAdvancedRules(rules, {
      ...advanced,
      fallback: 'trolling',
      categories: { trolling: { bias: 0.5 } },
    }) as typeof rules;
    expect(edited.fallback).toBe('trolling');
    expect(edited.categories.trolling).toEqual({ phrases: rules.categories.trolling!.phrases, bias: 0.5 });
    expect(edited.categories.support_needed!.phrases).toBe(rules.categories.support_needed!.phrases);
  });
});

describe('previews', () => {
  it('fills a template for a made-up thread, leaving what the ambassador writes', () => {
    const content = doc();
    const filled = previewTemplate(
      content,
      'support_needed',
      'ru',
      '{author} {support_url} {help_article} {my_experience}',
    );
    expect(filled.text).toBe(
      `@sam_trades ${content.settings.supportUrl} ${content.settings.helpArticles['support_needed.ru']} {my_experience}`,
    );
    expect(filled.missing).toEqual(['my_experience']);
  });

  it("tries the draft's rules on a sample, or says to fix them first", () => {
    const rules = doc().rules;
    const ok = tryClassifier(rules, 'this is a scam, they stole my money');
    expect(ok.ok && ok.result.category).toBe('trust_doubt');
    expect(ok.ok && ok.result.matched.length).toBeGreaterThan(0);
    const broken = setIn(rules, ['fallback'], 'nope');
    expect(tryClassifier(broken, 'anything')).toEqual({
      ok: false,
      message: 'Fix the classifier rules first.',
    });
  });
});

describe('languages and templates', () => {
  it('adds a language as a copy of the default, and removes it', () => {
    const p = doc().playbooks.support_needed;
    const added = addLanguage(p, 'de', 'en');
    expect(added.templates.de).toEqual(p.templates.en);
    expect(added.templates.de).not.toBe(p.templates.en);
    expect(addLanguage(added, 'de', 'ru')).toBe(added);
    expect(Object.keys(removeLanguage(added, 'de').templates)).toEqual(['en', 'ru']);
    expect(languagesOf(setIn(doc(), ['playbooks', 'support_needed'], added))).toEqual(['en', 'ru', 'de']);
  });

  it('picks a fresh template id', () => {
    expect(newTemplateId([])).toBe('template-1');
    expect(newTemplateId([{ id: 'a' }, { id: 'template-3' }])).toBe('template-4');
    expect(newTemplateId([{ id: 'template-2' }, { id: 'b' }])).toBe('template-3');
  });
});
