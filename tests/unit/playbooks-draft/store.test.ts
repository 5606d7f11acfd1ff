import { describe, expect, it } from 'vitest';
import type { PlaybooksLatest, PublishResult } from '../../../lib/messaging/protocol';
import { DEFAULT_PLAYBOOKS } from '../../../lib/playbooks/defaults';
import { createPlaybooksDraftStore, selectDirty } from '../../../lib/playbooks-draft/store';
import type { PlaybooksDocument } from '../../../lib/schemas/api';
import type { PlaybookContent } from '../../../lib/schemas/playbook';

/*
 * The manager's draft of the team's playbooks (lib/playbooks-draft/store.ts) without its view: the
 * orders of answers and presses the options page cannot easily play (tests/unit/options/playbooks.test.tsx
 * covers the editor as a person uses it).
 */
const published = (version: number, content: unknown, by = 'maria'): PlaybooksDocument => ({
  version,
  updatedAt: `2026-11-1${version}T09:30:00.000Z`,
  updatedBy: by,
  content: content as PlaybookContent,
});

function teamDoc(goal: string): PlaybookContent {
  const doc = structuredClone(DEFAULT_PLAYBOOKS);
  doc.playbooks.support_needed.goal = goal;
  return doc;
}

/** Services whose answers the test releases one by one, in the order it likes. */
function heldServices() {
  const latest: Array<(a: PlaybooksLatest) => void> = [];
  const publishes: Array<{ baseVersion: number; answer: (r: PublishResult) => void }> = [];
  return {
    latest,
    publishes,
    services: {
      latest: () => new Promise<PlaybooksLatest>((resolve) => latest.push(resolve)),
      publish: (_content: PlaybookContent, baseVersion: number) =>
        new Promise<PublishResult>((answer) => publishes.push({ baseVersion, answer })),
      saveFile: () => {},
    },
  };
}

const goal = (s: { draft: PlaybookContent }) => s.draft.playbooks.support_needed.goal;

describe('the playbooks draft', () => {
  it('keeps the answer of the last load when an earlier one answers after it', async () => {
    const held = heldServices();
    const store = createPlaybooksDraftStore(held.services);
    const first = store.getState().load();
    const second = store.getState().load();
    held.latest[1]!({ document: published(4, teamDoc('newer')) });
    await second;
    held.latest[0]!({ document: published(3, teamDoc('older')) });
    await first;
    expect(goal(store.getState())).toBe('newer');
    expect(store.getState().base?.version).toBe(4);
  });

  it('edits the built-in playbooks, saying why, when the published version does not validate', async () => {
    const held = heldServices();
    const store = createPlaybooksDraftStore(held.services);
    const loading = store.getState().load();
    held.latest[0]!({ document: published(5, { playbooks: 'not this' }) });
    await loading;
    const s = store.getState();
    expect(s.source).toBe('default');
    expect(s.draft).toEqual(DEFAULT_PLAYBOOKS);
    expect(s.warning).toMatch(
      /^Version 5 as published does not validate \(.+\); you are editing the built-in playbooks instead\.$/,
    );
    // Publishing from here goes over version 5, the one that is there.
    void store.getState().publish();
    expect(held.publishes.map((p) => p.baseVersion)).toEqual([5]);
  });

  it('sends nothing while the draft has problems, and says how many', async () => {
    const held = heldServices();
    const store = createPlaybooksDraftStore(held.services);
    store.getState().edit(['playbooks', 'support_needed', 'goal'], '');
    const problems = store.getState().issues.length;
    expect(problems).toBeGreaterThan(0);
    expect(await store.getState().publish()).toBe(false);
    expect(held.publishes).toEqual([]);
    expect(store.getState().publishError).toBe(
      `Fix ${problems === 1 ? '1 problem' : `${problems} problems`} first: nothing was published.`,
    );
  });

  it('publishes once for a double press, and takes the published version as its base', async () => {
    const held = heldServices();
    const store = createPlaybooksDraftStore(held.services);
    store.getState().edit(['playbooks', 'support_needed', 'goal'], 'Calm answers');
    const first = store.getState().publish();
    expect(await store.getState().publish()).toBe(false);
    expect(held.publishes).toHaveLength(1);
    held.publishes[0]!.answer({ status: 'published', document: published(1, store.getState().draft) });
    expect(await first).toBe(true);
    const s = store.getState();
    expect(s.base).toEqual({ version: 1, updatedBy: 'maria', updatedAt: '2026-11-11T09:30:00.000Z' });
    expect(s.source).toBe('team');
    expect(selectDirty(s)).toBe(false);
    expect(s.notice).toEqual({
      kind: 'published',
      text: 'Published version 1. Every sidebar picks it up on its next sync.',
    });
  });

  it('keeps unpublished changes through a reload: the same version asks nothing, another is offered', async () => {
    const held = heldServices();
    const store = createPlaybooksDraftStore(held.services);
    let loading = store.getState().load();
    held.latest[0]!({ document: published(3, teamDoc('team')) });
    await loading;
    store.getState().edit(['playbooks', 'support_needed', 'goal'], 'mine');

    loading = store.getState().load();
    held.latest[1]!({ document: published(3, teamDoc('team')) });
    await loading;
    expect(store.getState().incoming).toBeUndefined();
    expect(goal(store.getState())).toBe('mine');

    loading = store.getState().load();
    held.latest[2]!({ document: published(4, teamDoc('theirs'), 'lena') });
    await loading;
    expect(goal(store.getState())).toBe('mine');
    expect(store.getState().incoming?.base).toEqual({
      version: 4,
      updatedBy: 'lena',
      updatedAt: '2026-11-14T09:30:00.000Z',
    });
    store.getState().takeIncoming();
    expect(goal(store.getState())).toBe('theirs');
    expect(store.getState().base?.version).toBe(4);
    expect(selectDirty(store.getState())).toBe(false);
  });
});
