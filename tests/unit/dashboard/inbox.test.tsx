import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Inbox } from '../../../components/dashboard/inbox/Inbox';
import type { InboxFilters, InboxServices } from '../../../lib/inbox/services';
import { createInboxStore } from '../../../lib/inbox/store';
import type { Mention, MentionAlert, MentionPatch } from '../../../lib/schemas/mention';

const NOW = new Date('2026-11-20T12:00:00.000Z');
let seq = 0;

function mention(over: Partial<Mention> = {}): Mention {
  seq += 1;
  const id = `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`;
  return {
    id,
    platform: 'x',
    kind: 'post',
    postId: String(1_900_000_000_000_000_000n + BigInt(seq)),
    url: `https://x.com/user${seq}/status/${seq}`,
    authorHandle: `@user${seq}`,
    authorFollowers: 1200,
    text: `finvo withdrawal stuck ${seq}`,
    postedAt: new Date(NOW.getTime() - seq * 3_600_000).toISOString(),
    counts: { views: 300 },
    textDropped: false,
    sources: ['capture'],
    firstSeenAt: NOW.toISOString(),
    lastSeenAt: NOW.toISOString(),
    matchedTerms: ['finvo'],
    suggestion: {
      category: 'support_needed',
      confidence: 0.9,
      reason: ['withdrawal', 'stuck'],
      polarity: 'negative',
      language: 'en',
    },
    status: 'new',
    slaDueAt: new Date(NOW.getTime() - seq * 3_600_000 + 24 * 3_600_000).toISOString(),
    repliedBy: [],
    ...over,
  };
}

function fakeServer(initial: Mention[], alerts: MentionAlert[] = []) {
  let rows = [...initial];
  const patches: Array<{ ids: string[]; patch: MentionPatch }> = [];
  const queries: InboxFilters[] = [];
  const applyOne = (id: string, patch: MentionPatch): Mention => {
    const m = rows.find((r) => r.id === id)!;
    const next: Mention = {
      ...m,
      ...(patch.status ? { status: patch.status } : {}),
      ...(patch.reason ? { dismissReason: patch.reason } : {}),
      ...(patch.assignee !== undefined ? (patch.assignee ? { assignee: patch.assignee } : {}) : {}),
    };
    rows = rows.map((r) => (r.id === id ? next : r));
    return next;
  };
  const services: InboxServices = {
    list: vi.fn(async (filters: InboxFilters) => {
      queries.push(filters);
      const status = filters.status ? filters.status.split(',') : undefined;
      return {
        mentions: rows
          .filter((r) => !status || status.includes(r.status))
          .filter((r) => !filters.platform || r.platform === filters.platform)
          .sort((a, b) => b.postedAt.localeCompare(a.postedAt)),
      };
    }),
    patch: vi.fn(async (id: string, patch: MentionPatch) => {
      patches.push({ ids: [id], patch });
      return applyOne(id, patch);
    }),
    bulk: vi.fn(async (ids: string[], patch: MentionPatch) => {
      patches.push({ ids, patch });
      return { mentions: ids.map((id) => applyOne(id, patch)), errors: [] };
    }),
    alerts: vi.fn(async () => ({ generatedAt: NOW.toISOString(), alerts })),
    members: vi.fn(async () => ['anna', 'boris']),
  };
  return { services, patches, queries, add: (m: Mention) => rows.push(m), rows: () => rows };
}

async function renderInbox(server: ReturnType<typeof fakeServer>) {
  const store = createInboxStore(server.services, () => NOW);
  const user = userEvent.setup();
  render(<Inbox store={store} pollMs={60_000} />);
  await screen.findByTestId('inbox-list');
  return { store, user };
}

const rows = () => screen.getAllByTestId('inbox-row');

afterEach(() => {
  vi.useRealTimers();
});

describe('the mentions inbox', () => {
  it('lists mentions newest first with author, reach, SLA, the suggestion and its reason, text as text', async () => {
    const older = mention({ text: '<img src=x onerror=alert(1)> finvo is a scam' });
    const newer = mention({ repliedBy: ['anna'], firstReplyAt: NOW.toISOString() });
    // Newer has the bigger seq, so an earlier postedAt; put it first by giving it a later time.
    newer.postedAt = new Date(NOW.getTime() - 30 * 60_000).toISOString();
    newer.slaDueAt = new Date(NOW.getTime() + 23 * 3_600_000).toISOString();
    await renderInbox(fakeServer([older, newer]));
    const [first, second] = rows();
    expect(within(first!).getByText(newer.authorHandle)).toBeVisible();
    expect(within(first!).getByTestId('inbox-replied')).toHaveTextContent('replied by anna');
    expect(within(second!).getByTestId('inbox-text')).toHaveTextContent(
      '<img src=x onerror=alert(1)> finvo is a scam',
    );
    expect(second!.querySelector('img')).toBeNull();
    expect(within(second!).getByTestId('inbox-category')).toHaveTextContent('(likely)');
    expect(second!).toHaveTextContent('because of “withdrawal”, “stuck”');
    expect(second!).toHaveTextContent('1.2k reach');
    expect(within(second!).getByTestId('inbox-sla')).toHaveTextContent(
      /posted \d+ h ago · reply due in \d+ h/,
    );
    expect(within(second!).getByTestId('inbox-replied')).toHaveTextContent('no reply from the team yet');
  });

  it('triages by keyboard: j/k move visible focus, t tracks, d dismisses with a reason, a assigns, ? helps', async () => {
    const a = mention();
    const b = mention();
    const c = mention();
    const server = fakeServer([a, b, c]);
    const { user } = await renderInbox(server);
    rows()[0]!.focus();
    expect(rows()[0]).toHaveFocus();
    await user.keyboard('j');
    expect(rows()[1]).toHaveFocus();
    expect(rows()[1]).toHaveAttribute('data-focused', 'true');
    await user.keyboard('k');
    expect(rows()[0]).toHaveFocus();
    await user.keyboard('t');
    expect(await screen.findByRole('status')).toHaveTextContent(
      "Tracked 1 mention; the SLA counts from each post's own time.",
    );
    expect(server.patches.at(-1)).toEqual({ ids: [a.id], patch: { status: 'tracked' } });
    // The tracked one left the "new" inbox; focus went to the next row.
    expect(rows()).toHaveLength(2);
    expect(rows()[0]).toHaveFocus();
    await user.keyboard('d');
    const menu = screen.getByRole('menu', { name: 'Why dismiss it?' });
    expect(within(menu).getAllByRole('menuitem')[0]).toHaveFocus();
    await user.keyboard('2');
    expect(server.patches.at(-1)).toEqual({ ids: [b.id], patch: { status: 'dismissed', reason: 'spam' } });
    expect(rows()).toHaveLength(1);
    expect(rows()[0]).toHaveFocus();
    await user.keyboard('a');
    const select = await screen.findByRole('combobox', { name: 'Assign to' });
    expect(select).toHaveFocus();
    await user.selectOptions(select, 'boris');
    await user.click(screen.getByRole('button', { name: 'Assign' }));
    expect(server.patches.at(-1)).toEqual({ ids: [c.id], patch: { assignee: 'boris' } });
    expect(rows()[0]).toHaveTextContent('assigned to boris');
    rows()[0]!.focus();
    await user.keyboard('?');
    expect(screen.getByRole('dialog', { name: 'Inbox keys' })).toHaveTextContent('next / previous mention');
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('names every button after the post it acts on', async () => {
    const m = mention();
    await renderInbox(fakeServer([m]));
    expect(screen.getByRole('button', { name: `Track the post by ${m.authorHandle} on X` })).toBeVisible();
    expect(screen.getByRole('button', { name: `Dismiss the post by ${m.authorHandle} on X` })).toBeVisible();
    expect(screen.getByRole('button', { name: `Assign the post by ${m.authorHandle} on X` })).toBeVisible();
    expect(
      screen.getByRole('checkbox', { name: `Check the post by ${m.authorHandle} on X` }),
    ).not.toBeChecked();
  });

  it('acts on every checked mention at once', async () => {
    const [a, b, c] = [mention(), mention(), mention()];
    const server = fakeServer([a, b, c]);
    const { user } = await renderInbox(server);
    rows()[0]!.focus();
    await user.keyboard('xjx');
    expect(screen.getByTestId('inbox-bulk')).toHaveTextContent('2 checked');
    await user.click(screen.getByRole('button', { name: 'Dismiss 2…' }));
    await user.click(screen.getByRole('menuitem', { name: /Irrelevant/ }));
    expect(server.patches).toEqual([
      { ids: [a.id, b.id], patch: { status: 'dismissed', reason: 'irrelevant' } },
    ]);
    expect(rows()).toHaveLength(1);
    expect(screen.getByRole('status')).toHaveTextContent('Dismissed 2 mentions (irrelevant).');
  });

  it('filters through the server and shows new mentions without a reload', async () => {
    const server = fakeServer([mention()]);
    const { user, store } = await renderInbox(server);
    await user.selectOptions(screen.getByRole('combobox', { name: 'Platform' }), 'youtube');
    expect(server.queries.at(-1)).toMatchObject({ platform: 'youtube', status: 'new' });
    expect(await screen.findByTestId('inbox-empty')).toBeVisible();
    await user.selectOptions(screen.getByRole('combobox', { name: 'Platform' }), '');
    await screen.findByTestId('inbox-list');
    server.add(mention({ postedAt: NOW.toISOString(), authorHandle: '@fresh' }));
    await act(() => store.getState().poll());
    expect(rows()[0]).toHaveTextContent('@fresh');
    expect(screen.getByRole('status')).toHaveTextContent('1 new mention arrived.');
  });

  it('puts alerts at the top', async () => {
    const m = mention();
    await renderInbox(
      fakeServer(
        [m],
        [
          {
            kind: 'spike',
            id: 's1',
            from: NOW.toISOString(),
            to: NOW.toISOString(),
            count: 40,
            average: 4,
            factor: 10,
          },
          {
            kind: 'high_reach_negative',
            id: 'h1',
            mentionId: m.id,
            platform: 'x',
            url: m.url,
            authorHandle: '@bigaccount',
            reach: 250_000,
            category: 'trust_doubt',
            postedAt: m.postedAt,
            slaDueAt: m.slaDueAt,
          },
        ],
      ),
    );
    const alerts = await screen.findByTestId('inbox-alerts');
    expect(alerts).toHaveTextContent(
      'Spike: 40 mentions in the last hour, 10.0× the usual 4.0 for this hour.',
    );
    expect(alerts).toHaveTextContent('High-reach negative: @bigaccount (250k reach');
  });
});
