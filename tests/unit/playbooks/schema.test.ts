import { describe, expect, it } from 'vitest';
import { DEFAULT_PLAYBOOKS } from '../../../lib/playbooks/defaults';
import { resolvePlaybooks } from '../../../lib/playbooks/index';
import {
  describeIssues,
  describePath,
  formatPath,
  type PlaybookContent,
  validatePlaybooks,
} from '../../../lib/schemas/playbook';

/** A deep copy of the defaults with one change, as a manager's bad edit would arrive. */
function edited(change: (doc: PlaybookContent) => void): unknown {
  const doc = structuredClone(DEFAULT_PLAYBOOKS);
  change(doc);
  return doc;
}

function problems(input: unknown): string[] {
  const result = validatePlaybooks(input);
  if (result.ok) throw new Error('expected the document to be rejected');
  return describeIssues(result.issues);
}

describe('validating a published playbooks document', () => {
  it('accepts the defaults', () => {
    expect(validatePlaybooks(DEFAULT_PLAYBOOKS).ok).toBe(true);
  });

  it.each([
    [
      'an empty goal',
      (d: PlaybookContent) => {
        d.playbooks.trolling.goal = '  ';
      },
      'playbooks.trolling.goal: must not be empty',
    ],
    [
      'a misspelt variable',
      (d: PlaybookContent) => {
        d.playbooks.support_needed.templates.en![1]!.text = 'DM {suport_handle} please';
      },
      'playbooks.support_needed.templates.en[1].text: unknown variable {suport_handle}',
    ],
    [
      'a template without text',
      (d: PlaybookContent) => {
        d.playbooks.trust_doubt.templates.ru![0]!.text = '';
      },
      'playbooks.trust_doubt.templates.ru[0].text: must not be empty',
    ],
    [
      'an unknown escalation route',
      (d: PlaybookContent) => {
        (d.playbooks.legal_security_risk.escalation as { route: string }).route = 'lawyer';
      },
      'playbooks.legal_security_risk.escalation.route:',
    ],
    [
      'a playbook filed under another category',
      (d: PlaybookContent) => {
        d.playbooks.rumor_narrative.category = 'trolling';
      },
      'playbooks.rumor_narrative.category: is "trolling" but the playbook is filed under "rumor_narrative"',
    ],
    [
      'a category missing its playbook',
      (d: PlaybookContent) => {
        delete (d.playbooks as Partial<PlaybookContent['playbooks']>).positive_neutral;
      },
      'playbooks.positive_neutral:',
    ],
    [
      'an SLA of zero hours',
      (d: PlaybookContent) => {
        d.categories[4]!.slaHours = 0;
      },
      'categories[4].slaHours:',
    ],
    [
      'a category listed twice',
      (d: PlaybookContent) => {
        d.categories[7] = { ...d.categories[0]! };
      },
      'categories[7].id: "technical_question" is listed twice',
    ],
    [
      'a support URL that is not a link',
      (d: PlaybookContent) => {
        d.settings.supportUrl = 'support@kovra.example';
      },
      'settings.supportUrl: must be an http(s) URL',
    ],
    [
      'a duplicate template id',
      (d: PlaybookContent) => {
        d.playbooks.technical_question.templates.en![2]!.id = 'steps';
      },
      'playbooks.technical_question.templates.en[2].id: duplicate template id "steps" in en',
    ],
    [
      'a bad language code',
      (d: PlaybookContent) => {
        d.playbooks.trolling.templates.Russian = d.playbooks.trolling.templates.ru!;
      },
      'playbooks.trolling.templates.Russian: must be a language code',
    ],
  ])('rejects %s and says where', (_, change, expected) => {
    expect(problems(edited(change)).join('\n')).toContain(expected);
  });

  it('reports every problem at once, not just the first', () => {
    const list = problems(
      edited((d) => {
        d.playbooks.trolling.goal = '';
        d.settings.statusUrl = 'nope';
      }),
    );
    expect(list).toHaveLength(2);
  });

  it('rejects things that are not a document at all', () => {
    expect(problems(['a', 'list'])[0]).toMatch(/^\(document\): /);
    expect(problems({ support_needed: { approach: 'free text' } }).join('\n')).toContain('categories:');
  });
});

describe('formatPath', () => {
  it.each([
    [[], ''],
    [['settings'], 'settings'],
    [['playbooks', 'trolling', 'templates', 'en', 0, 'text'], 'playbooks.trolling.templates.en[0].text'],
    [['categories', 3], 'categories[3]'],
  ])('%j → %s', (path, expected) => {
    expect(formatPath(path)).toBe(expected);
  });
});

describe('resolvePlaybooks', () => {
  it('uses the defaults before anyone published (version 0 serves an empty object)', () => {
    expect(resolvePlaybooks({})).toEqual({ content: DEFAULT_PLAYBOOKS, source: 'default' });
  });

  it("uses the team's document when it validates", () => {
    const doc = edited((d) => {
      d.playbooks.trolling.goal = 'Ignore it';
    });
    const resolved = resolvePlaybooks(doc);
    expect(resolved.source).toBe('team');
    expect(resolved.content.playbooks.trolling.goal).toBe('Ignore it');
  });

  it('keeps working with the defaults when a published document is broken, and says why', () => {
    const resolved = resolvePlaybooks({ playbooks: 'oops' });
    expect(resolved.source).toBe('default');
    expect(resolved.issues?.length).toBeGreaterThan(0);
  });
});

describe('problems in the manager’s words', () => {
  const goalOf = (goal: unknown) => {
    const doc = structuredClone(DEFAULT_PLAYBOOKS) as unknown as {
      playbooks: Record<string, { goal: unknown }>;
    };
    doc.playbooks.trolling!.goal = goal;
    const result = validatePlaybooks(doc);
    return result.ok ? [] : result.issues.map((i) => i.message);
  };

  it.each([
    ['x'.repeat(301), 'at most 300 characters, now 301'],
    // Counted as the schema counts: trimmed.
    [`  ${'x'.repeat(310)}  `, 'at most 300 characters, now 310'],
    ['', 'must not be empty'],
    [42, 'must be text'],
    [undefined, 'is missing'],
  ])('a goal of %j: %s', (goal, message) => {
    expect(goalOf(goal)).toEqual([message]);
  });

  it.each([
    [
      ['playbooks', 'support_needed', 'templates', 'en', 1, 'text'],
      'Needs support playbook › template 2 (en) › text',
    ],
    [['playbooks', 'trolling', 'do', 2], 'Trolling playbook › do 3'],
    [['categories', 1, 'slaHours'], 'Category 2 › SLA hours'],
    [['settings', 'supportUrl'], 'Links › support page'],
    [[], 'The document'],
  ] as const)('%j reads "%s"', (path, words) => {
    const labels: Record<string, string> = { support_needed: 'Needs support', trolling: 'Trolling' };
    expect(describePath(path, (id) => labels[id] ?? id)).toBe(words);
  });
});
