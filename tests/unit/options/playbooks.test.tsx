import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { Options } from '../../../components/options/Options';
import { classify } from '../../../lib/classify/classifier';
import type { PlaybooksLatest, PublishResult } from '../../../lib/messaging/protocol';
import { createPagesStore } from '../../../lib/pages/store';
import { DEFAULT_PLAYBOOKS } from '../../../lib/playbooks/defaults';
import { createPlaybooksDraftStore, type PlaybooksDraftServices } from '../../../lib/playbooks-draft/store';
import type { PlaybooksDocument } from '../../../lib/schemas/api';
import type { PlaybookContent } from '../../../lib/schemas/playbook';
import { fakeServices, NOW, status } from '../popup/fakes';

const published = (version: number, content: PlaybookContent | Record<string, never>, by = 'maria') =>
  ({
    version,
    updatedAt: '2026-11-18T09:30:00.000Z',
    updatedBy: by,
    content,
  }) satisfies PlaybooksDocument;

function teamDoc(): PlaybookContent {
  const doc = structuredClone(DEFAULT_PLAYBOOKS);
  doc.playbooks.support_needed.goal = 'Get them to the in-app form, calmly';
  return doc;
}

function fakeEditor(first: PlaybooksLatest = { document: published(3, teamDoc()) }) {
  const answers: PlaybooksLatest[] = [first];
  const publishes: Array<{ content: PlaybookContent; baseVersion: number }> = [];
  let nextPublish: PublishResult | undefined;
  const saved: Array<{ name: string; text: string }> = [];
  const services = {
    latest: vi.fn(async () => answers.at(-1)!),
    publish: vi.fn(async (content: PlaybookContent, baseVersion: number): Promise<PublishResult> => {
      publishes.push({ content, baseVersion });
      return nextPublish ?? { status: 'published', document: published(baseVersion + 1, content) };
    }),
    saveFile: vi.fn((name: string, text: string) => void saved.push({ name, text })),
    now: () => NOW,
  } satisfies PlaybooksDraftServices;
  return {
    services,
    publishes,
    saved,
    serverHas: (a: PlaybooksLatest) => answers.push(a),
    publishAnswers: (r: PublishResult) => {
      nextPublish = r;
    },
  };
}

async function renderEditor(role: 'manager' | 'lead' | 'ambassador' = 'manager', fake = fakeEditor()) {
  const settings = fakeServices(status({ member: { name: 'maria', role } }));
  const editor = createPlaybooksDraftStore(fake.services);
  const user = userEvent.setup();
  render(<Options store={createPagesStore(settings.services)} editor={editor} pollMs={60_000} />);
  if (role !== 'ambassador') await screen.findByTestId('pb-editor');
  return { user, editor, fake };
}

const fieldError = (path: string) =>
  screen.queryAllByTestId('pb-field-error').find((e) => e.getAttribute('data-path') === path);

async function importFile(user: ReturnType<typeof userEvent.setup>, text: string) {
  const file = new File([text], 'playbooks.json', { type: 'application/json' });
  await user.upload(screen.getByTestId('pb-import'), file);
}

describe('the playbooks editor on the options page', () => {
  it('opens the published version for a manager, with who published it', async () => {
    await renderEditor();
    expect(screen.getByTestId('pb-version')).toHaveAttribute('data-version', '3');
    expect(screen.getByTestId('pb-version')).toHaveTextContent(/Version 3, published by maria/);
    expect(screen.getByTestId('pb-goal')).toHaveValue('Get them to the in-app form, calmly');
    expect(screen.getByTestId('pb-publish')).toBeDisabled();
    expect(screen.getByTestId('pb-dirty')).toHaveTextContent('No changes');
  });

  it('shows an ambassador where the playbooks come from, without an editor', async () => {
    await renderEditor('ambassador');
    expect(await screen.findByTestId('pb-readonly')).toHaveTextContent(/community manager writes/);
    expect(await screen.findByTestId('pb-version')).toHaveTextContent(/Version 3/);
    expect(screen.queryByTestId('pb-editor')).toBeNull();
  });

  it('says to connect first when not connected', async () => {
    const settings = fakeServices({ connected: false, pending: 0, held: 0, syncing: false });
    const fake = fakeEditor();
    render(
      <Options
        store={createPagesStore(settings.services)}
        editor={createPlaybooksDraftStore(fake.services)}
        pollMs={60_000}
      />,
    );
    expect(await screen.findByTestId('pb-not-connected')).toBeInTheDocument();
    expect(fake.services.latest).not.toHaveBeenCalled();
  });

  it('shows a validation error next to the field, counts it on its tab, and holds Publish', async () => {
    const { user } = await renderEditor();
    await user.clear(screen.getByTestId('pb-goal'));
    expect(fieldError('playbooks.support_needed.goal')).toHaveTextContent('must not be empty');
    expect(screen.getByTestId('pb-goal')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByTestId('pb-tab-playbooks')).toHaveAttribute('data-issues', '1');
    // The summary says where in the editor's words, not the schema's path.
    expect(screen.getByTestId('pb-issues')).toHaveTextContent(
      'Needs support playbook › goal: must not be empty',
    );
    expect(screen.getByTestId('pb-issues')).not.toHaveTextContent('playbooks.support_needed');
    expect(screen.getByTestId('pb-publish')).toBeDisabled();

    await user.type(screen.getByTestId('pb-goal'), 'Route them to support');
    expect(fieldError('playbooks.support_needed.goal')).toBeUndefined();
    expect(screen.queryByTestId('pb-issues')).toBeNull();
    expect(screen.getByTestId('pb-publish')).toBeEnabled();
  });

  it('catches a misspelt template variable on the template, and previews the filled text', async () => {
    const { user } = await renderEditor();
    const first = screen.getAllByTestId('pb-template')[0]!;
    const text = within(first).getByTestId('pb-template-text');
    await user.clear(text);
    // userEvent reads { as a key descriptor; {{ types one brace.
    await user.type(text, '{{author} same here, the form at {{support_url} fixed it. {{supportUrl}');
    expect(fieldError('playbooks.support_needed.templates.en[0].text')).toHaveTextContent(
      /unknown variable \{supportUrl\}/,
    );
    await user.type(text, '{Backspace}'.repeat('{supportUrl}'.length + 1));
    expect(fieldError('playbooks.support_needed.templates.en[0].text')).toBeUndefined();
    expect(within(first).getByTestId('pb-template-preview-text')).toHaveTextContent(
      `@sam_trades same here, the form at ${DEFAULT_PLAYBOOKS.settings.supportUrl} fixed it.`,
    );
  });

  it('shows what the ambassador still fills in, for a lead too', async () => {
    const { user } = await renderEditor('lead');
    await user.selectOptions(screen.getByTestId('pb-playbook-category'), 'trust_doubt');
    const mine = screen.getAllByTestId('pb-template').find((t) => t.dataset.template === 'my-outcome')!;
    expect(within(mine).getByTestId('pb-template-preview-text')).toHaveTextContent(/^@sam_trades get why/);
    expect(within(mine).getByTestId('pb-template-preview-missing')).toHaveTextContent('{my_experience}');
  });

  it('edits a category’s SLA, with the error in its row', async () => {
    const { user, editor } = await renderEditor();
    await user.click(screen.getByTestId('pb-tab-categories'));
    const row = screen.getAllByTestId('pb-category').find((r) => r.dataset.category === 'trolling')!;
    const sla = within(row).getByTestId('pb-category-sla');
    await user.clear(sla);
    await user.type(sla, '-3');
    expect(within(row).getByTestId('pb-field-error')).toHaveTextContent(/>0|greater than 0|positive/i);
    await user.clear(sla);
    await user.type(sla, '2');
    await user.selectOptions(within(row).getByTestId('pb-category-priority'), 'high');
    expect(within(row).queryByTestId('pb-field-error')).toBeNull();
    const trolling = editor.getState().draft.categories.find((c) => c.id === 'trolling');
    expect(trolling).toMatchObject({ slaHours: 2, priority: 'high' });
  });

  it('edits classifier phrases in a table, flags a regular expression in place, and tries the classifier', async () => {
    const { user, editor } = await renderEditor();
    await user.click(screen.getByTestId('pb-tab-rules'));
    await user.selectOptions(screen.getByTestId('pb-rules-category'), 'trolling');
    await user.click(screen.getByTestId('pb-phrase-add'));
    const row = screen.getAllByTestId('pb-phrase')[0]!;
    expect(row).toHaveAttribute('data-index', '0');
    await user.click(within(row).getByTestId('pb-phrase-match'));
    await user.paste('clown|circus');
    expect(fieldError('rules.categories.trolling.phrases[0].match')).toHaveTextContent(/regular expression/);
    await user.clear(within(row).getByTestId('pb-phrase-match'));
    await user.paste('clown show');
    const weight = within(row).getByTestId('pb-phrase-weight');
    await user.clear(weight);
    await user.type(weight, '6');
    expect(fieldError('rules.categories.trolling.phrases[0].match')).toBeUndefined();
    expect(editor.getState().draft.rules.categories.trolling?.phrases[0]).toEqual({
      match: 'clown show',
      weight: 6,
    });

    const sample = 'what a clown show, this app';
    await user.click(screen.getByTestId('pb-try-text'));
    await user.paste(sample);
    const expected = classify(sample, editor.getState().draft.rules);
    expect(expected.category).toBe('trolling');
    const result = await screen.findByTestId('pb-try-result');
    expect(result).toHaveAttribute('data-category', 'trolling');
    expect(screen.getByTestId('pb-try-matched')).toHaveTextContent('clown show');
    expect(screen.getByTestId('pb-try-confidence')).toHaveTextContent(
      `${Math.round(expected.confidence * 100)}% confident`,
    );
  });

  it('applies advanced rules from JSON, and refuses JSON that does not parse', async () => {
    const { user, editor } = await renderEditor();
    await user.click(screen.getByTestId('pb-tab-rules'));
    const box = screen.getByTestId('pb-rules-advanced');
    const advanced = JSON.parse((box as HTMLTextAreaElement).value) as Record<string, unknown>;
    expect(advanced).not.toHaveProperty('categories.support_needed.phrases');
    await user.clear(box);
    await user.click(box);
    await user.paste('{ "version": 1, ');
    await user.click(screen.getByTestId('pb-rules-advanced-apply'));
    expect(screen.getByTestId('pb-rules-advanced-error')).toHaveTextContent(/Not valid JSON/);

    await user.clear(box);
    await user.paste(JSON.stringify({ ...advanced, fallback: 'nonsense' }));
    await user.click(screen.getByTestId('pb-rules-advanced-apply'));
    expect(fieldError('rules.fallback')).toHaveTextContent(/must be one of "technical_question"/);
    await user.clear(box);
    await user.paste(JSON.stringify({ ...advanced, fallback: 'trolling' }));
    await user.click(screen.getByTestId('pb-rules-advanced-apply'));
    expect(fieldError('rules.fallback')).toBeUndefined();
    expect(editor.getState().draft.rules.fallback).toBe('trolling');
    // The phrase lists were kept.
    expect(editor.getState().draft.rules.categories.support_needed?.phrases).toEqual(
      DEFAULT_PLAYBOOKS.rules.categories.support_needed?.phrases,
    );
  });

  it('adds a language as a copy to translate, and refuses a code that is not one', async () => {
    const { user, editor } = await renderEditor();
    await user.type(screen.getByTestId('pb-lang-new'), 'german');
    await user.click(screen.getByTestId('pb-lang-add'));
    expect(screen.getByTestId('pb-lang-error')).toHaveTextContent(/language code/);
    await user.clear(screen.getByTestId('pb-lang-new'));
    await user.type(screen.getByTestId('pb-lang-new'), 'de');
    await user.click(screen.getByTestId('pb-lang-add'));
    expect(screen.getByTestId('pb-lang-de')).toHaveAttribute('aria-selected', 'true');
    const de = editor.getState().draft.playbooks.support_needed.templates.de!;
    expect(de.map((t) => t.id)).toEqual(
      DEFAULT_PLAYBOOKS.playbooks.support_needed.templates.en!.map((t) => t.id),
    );
    await user.click(screen.getByTestId('pb-lang-remove'));
    expect(screen.queryByTestId('pb-lang-de')).toBeNull();
  });

  it('rejects an invalid import with the paths, and changes nothing', async () => {
    const { user, editor } = await renderEditor();
    const before = editor.getState().draft;
    const bad = structuredClone(DEFAULT_PLAYBOOKS) as unknown as {
      categories: { slaHours: unknown }[];
      playbooks: Record<string, { goal: string }>;
    };
    bad.categories[1]!.slaHours = 'soon';
    bad.playbooks.trolling!.goal = '';
    await importFile(user, JSON.stringify(bad));
    const error = await screen.findByTestId('pb-import-error');
    expect(error).toHaveTextContent('Not imported: 2 problems in the file. Nothing was changed.');
    const lines = screen.getAllByTestId('pb-import-issue').map((l) => l.textContent);
    expect(lines).toEqual(
      expect.arrayContaining([
        'Category 2 › SLA hours: must be a number',
        expect.stringMatching(/^Troll.* playbook › goal: must not be empty$/),
      ]),
    );
    expect(editor.getState().draft).toBe(before);

    await importFile(user, '{"categories": [');
    expect(await screen.findByTestId('pb-import-error')).toHaveTextContent(/not valid JSON/);
  });

  it('imports a valid file (also a server document) and exports what is in the editor', async () => {
    const { user, editor, fake } = await renderEditor();
    const doc = structuredClone(DEFAULT_PLAYBOOKS);
    doc.playbooks.trolling.goal = 'Imported goal for trolls';
    await importFile(user, JSON.stringify(published(9, doc)));
    expect(await screen.findByTestId('pb-notice')).toHaveAttribute('data-kind', 'imported');
    expect(editor.getState().draft.playbooks.trolling.goal).toBe('Imported goal for trolls');
    // Still over the version that was loaded: importing is editing, not publishing.
    expect(screen.getByTestId('pb-dirty')).toHaveTextContent('Unsaved changes to version 3');

    await user.click(screen.getByTestId('pb-export'));
    expect(fake.saved).toHaveLength(1);
    expect(fake.saved[0]!.name).toBe('reply-tracker-playbooks-v3-2026-11-20.json');
    expect(JSON.parse(fake.saved[0]!.text)).toEqual(editor.getState().draft);
  });

  it('publishes over the version it loaded and says so', async () => {
    const { user, fake } = await renderEditor();
    await user.clear(screen.getByTestId('pb-goal'));
    await user.type(screen.getByTestId('pb-goal'), 'New goal');
    await user.click(screen.getByTestId('pb-publish'));
    expect(await screen.findByTestId('pb-notice')).toHaveTextContent(/Published version 4/);
    expect(fake.publishes).toHaveLength(1);
    expect(fake.publishes[0]!.baseVersion).toBe(3);
    expect(fake.publishes[0]!.content.playbooks.support_needed.goal).toBe('New goal');
    expect(screen.getByTestId('pb-version')).toHaveAttribute('data-version', '4');
    expect(screen.getByTestId('pb-publish')).toBeDisabled();
  });

  it('on a conflict, names who published which version and offers to reload it', async () => {
    const { user, fake } = await renderEditor();
    await user.clear(screen.getByTestId('pb-goal'));
    await user.type(screen.getByTestId('pb-goal'), 'My goal');
    fake.publishAnswers({
      status: 'conflict',
      currentVersion: 4,
      updatedBy: 'lena',
      message: 'Someone else (lena) published version 4 while you were editing version 3. Nothing was saved.',
    });
    const newer = teamDoc();
    newer.playbooks.support_needed.goal = 'Lena’s goal';
    fake.serverHas({ document: published(4, newer, 'lena') });
    await user.click(screen.getByTestId('pb-publish'));
    const conflict = await screen.findByTestId('pb-conflict');
    expect(conflict).toHaveTextContent('lena) published version 4 while you were editing version 3');
    expect(conflict).toHaveAttribute('data-version', '4');

    await user.click(screen.getByTestId('pb-conflict-reload'));
    expect(await screen.findByDisplayValue('Lena’s goal')).toBeInTheDocument();
    expect(screen.getByTestId('pb-version')).toHaveTextContent(/Version 4, published by lena/);
    expect(screen.queryByTestId('pb-conflict')).toBeNull();
  });

  it('shows the server’s objections in place when it refuses the document', async () => {
    const { user, fake } = await renderEditor();
    await user.clear(screen.getByTestId('pb-goal'));
    await user.type(screen.getByTestId('pb-goal'), 'Fine here');
    fake.publishAnswers({
      status: 'invalid',
      issues: [{ path: ['playbooks', 'support_needed', 'goal'], message: 'too long for the server' }],
      message: 'The team server refused the playbooks: Invalid request body',
    });
    await user.click(screen.getByTestId('pb-publish'));
    expect(await screen.findByTestId('pb-publish-error')).toHaveTextContent(/refused the playbooks/);
    expect(fieldError('playbooks.support_needed.goal')).toHaveTextContent('too long for the server');
  });

  it('asks before discarding unpublished changes, then reloads the published version', async () => {
    const { user, fake } = await renderEditor();
    await user.clear(screen.getByTestId('pb-goal'));
    await user.type(screen.getByTestId('pb-goal'), 'Half-written');
    await user.click(screen.getByTestId('pb-reload'));
    expect(fake.services.latest).toHaveBeenCalledTimes(1);
    await user.click(screen.getByRole('button', { name: 'Keep editing' }));
    expect(screen.getByTestId('pb-goal')).toHaveValue('Half-written');
    await user.click(screen.getByTestId('pb-reload'));
    await user.click(screen.getByTestId('pb-discard-confirm'));
    expect(await screen.findByDisplayValue('Get them to the in-app form, calmly')).toBeInTheDocument();
    expect(fake.services.latest).toHaveBeenCalledTimes(2);
    expect(screen.getByTestId('pb-dirty')).toHaveAttribute('data-dirty', 'false');
  });

  it('tells a manager working offline that the version may be old', async () => {
    await renderEditor(
      'manager',
      fakeEditor({ document: published(3, teamDoc()), warning: "Can't reach the team server at x." }),
    );
    expect(screen.getByTestId('pb-warning')).toHaveTextContent("Can't reach the team server");
  });

  it('starts from the defaults before anyone published', async () => {
    const { editor } = await renderEditor('manager', fakeEditor({ document: published(0, {}, 'system') }));
    expect(screen.getByTestId('pb-version')).toHaveAttribute('data-version', '0');
    expect(editor.getState().draft).toBe(DEFAULT_PLAYBOOKS);
    await act(async () => {});
  });
});

describe('the playbooks editor speaks plainly and keeps unpublished work', () => {
  it('says "at most 600 characters, now 652" at the template, with a counter that agrees', async () => {
    const { user } = await renderEditor();
    const first = screen.getAllByTestId('pb-template')[0]!;
    const text = within(first).getByTestId('pb-template-text');
    await user.clear(text);
    await user.click(text);
    await user.paste('x'.repeat(652));
    expect(fieldError('playbooks.support_needed.templates.en[0].text')).toHaveTextContent(
      'at most 600 characters, now 652',
    );
    const counter = within(first)
      .getAllByTestId('pb-counter')
      .find((c) => /\/ 600/.test(c.textContent ?? ''))!;
    expect(counter).toHaveTextContent('652 / 600');
    expect(counter).toHaveAttribute('data-over', 'true');
    // The counter is read with the field.
    expect(text.getAttribute('aria-describedby')).toContain(counter.id);
    expect(text.tagName).toBe('TEXTAREA');

    await user.clear(text);
    await user.paste('Same here last month.');
    expect(fieldError('playbooks.support_needed.templates.en[0].text')).toBeUndefined();
    expect(counter).toHaveTextContent('21 / 600');
    expect(counter).toHaveAttribute('data-over', 'false');
  });

  it('asks before the built-in playbooks replace unpublished edits', async () => {
    const { user, editor } = await renderEditor();
    await user.type(screen.getByTestId('pb-goal'), ' and kindly');
    await user.click(screen.getByTestId('pb-reset'));
    const confirm = screen.getByTestId('pb-confirm');
    expect(confirm).toHaveTextContent('Replace your unpublished changes with the built-in playbooks?');
    await user.click(within(confirm).getByRole('button', { name: 'Keep editing' }));
    expect(screen.getByTestId('pb-goal')).toHaveValue('Get them to the in-app form, calmly and kindly');

    await user.click(screen.getByTestId('pb-reset'));
    await user.click(
      within(screen.getByTestId('pb-confirm')).getByRole('button', { name: 'Use the built-in ones' }),
    );
    expect(editor.getState().draft).toBe(DEFAULT_PLAYBOOKS);
  });

  it('asks before an imported file replaces unpublished edits', async () => {
    const { user, editor } = await renderEditor();
    await user.type(screen.getByTestId('pb-goal'), ' and kindly');
    const other = structuredClone(DEFAULT_PLAYBOOKS);
    other.playbooks.support_needed.goal = 'From the file';
    await importFile(user, JSON.stringify(other));
    // The file is read by a FileReader: the question appears a turn later.
    expect(await screen.findByTestId('pb-confirm')).toHaveAttribute('data-kind', 'import');
    expect(screen.getByTestId('pb-goal')).toHaveValue('Get them to the in-app form, calmly and kindly');
    await user.click(screen.getByRole('button', { name: 'Import the file' }));
    expect(editor.getState().draft.playbooks.support_needed.goal).toBe('From the file');
  });

  it('warns before the page is left with unpublished edits, and not otherwise', async () => {
    const { user } = await renderEditor();
    const leave = () => {
      const e = new Event('beforeunload', { cancelable: true });
      window.dispatchEvent(e);
      return e.defaultPrevented;
    };
    expect(leave()).toBe(false);
    await user.type(screen.getByTestId('pb-goal'), '!');
    expect(leave()).toBe(true);
    await user.click(screen.getByTestId('pb-publish'));
    await screen.findByText(/Published version 4/);
    expect(leave()).toBe(false);
  });

  it('keeps a changed draft through a reconnect and asks before the server’s version replaces it', async () => {
    const settings = fakeServices(status({ member: { name: 'maria', role: 'manager' } }));
    const fake = fakeEditor();
    const store = createPagesStore(settings.services);
    const editor = createPlaybooksDraftStore(fake.services);
    const user = userEvent.setup();
    render(<Options store={store} editor={editor} pollMs={60_000} />);
    await screen.findByTestId('pb-editor');
    await user.type(screen.getByTestId('pb-goal'), ' and kindly');
    // A reload that finds the same version asks nothing and keeps the draft.
    await act(() => editor.getState().load());
    expect(screen.queryByTestId('pb-incoming')).toBeNull();
    expect(screen.getByTestId('pb-goal')).toHaveValue('Get them to the in-app form, calmly and kindly');

    // Lena publishes meanwhile; the connection drops and comes back.
    const newer = teamDoc();
    newer.playbooks.support_needed.goal = 'Lena’s goal';
    fake.serverHas({ document: published(4, newer, 'lena') });
    settings.set(status({ connected: false }));
    await act(() => store.getState().refresh());
    settings.set(status({ member: { name: 'maria', role: 'manager' } }));
    await act(() => store.getState().refresh());
    expect(fake.services.latest).toHaveBeenCalledTimes(3);

    const incoming = await screen.findByTestId('pb-incoming');
    expect(incoming).toHaveTextContent(/Version 4, published by lena/);
    expect(incoming).toHaveTextContent(/unpublished changes to version 3 are still here/);
    expect(screen.getByTestId('pb-goal')).toHaveValue('Get them to the in-app form, calmly and kindly');
    expect(screen.getByTestId('pb-dirty')).toHaveAttribute('data-dirty', 'true');

    await user.click(within(incoming).getByRole('button', { name: 'Keep my changes' }));
    expect(screen.queryByTestId('pb-incoming')).toBeNull();
    expect(screen.getByTestId('pb-goal')).toHaveValue('Get them to the in-app form, calmly and kindly');
    // Still over version 3: publishing now meets Lena's version as a conflict, not silently over it.
    expect(screen.getByTestId('pb-version')).toHaveAttribute('data-version', '3');

    // The next reload offers version 4 again, the draft still in place.
    await act(() => editor.getState().load());
    expect(screen.getByTestId('pb-goal')).toHaveValue('Get them to the in-app form, calmly and kindly');
    expect(await screen.findByTestId('pb-incoming')).toBeInTheDocument();
    await user.click(screen.getByTestId('pb-incoming-load'));
    expect(screen.getByTestId('pb-goal')).toHaveValue('Lena’s goal');
    expect(screen.getByTestId('pb-version')).toHaveTextContent(/Version 4, published by lena/);
    expect(screen.getByTestId('pb-dirty')).toHaveAttribute('data-dirty', 'false');

    // With nothing unpublished, a reload just takes the server's version.
    await act(() => editor.getState().load());
    expect(screen.queryByTestId('pb-incoming')).toBeNull();
  });
});
