import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { Sidebar } from '../../../components/sidebar/Sidebar';
import { netTeamActivity } from '../../../components/sidebar/TeamActivity';
import { createActionLogger } from '../../../lib/content/logger';
import type { ComposerInsertResult, ThreadContext } from '../../../lib/platforms/types';
import { DEFAULT_PLAYBOOKS } from '../../../lib/playbooks/defaults';
import type { TeamActivityItem } from '../../../lib/schemas/api';
import type { CategoryId } from '../../../lib/schemas/categories';
import type { CorrectionInput, CorrectionResult } from '../../../lib/schemas/classifier';
import type { ObservedAction } from '../../../lib/schemas/event';
import type { Classify } from '../../../lib/sidebar/playbook';
import { createSidebarStore } from '../../../lib/sidebar/store';
import { FakeServices, makeThread, NOW, statusContext } from './fakes';

/** The sidebar's extra services: a composer and a clipboard that remember what they were given. */
class PlaybookServices extends FakeServices {
  inserted: string[] = [];
  copied: string[] = [];
  composer: ComposerInsertResult = { ok: true, composer: 'dialog', targetId: '1800000000000000001' };
  team: TeamActivityItem[] | null = null;
  published: unknown;
  recordCorrection?: (c: CorrectionInput) => Promise<CorrectionResult>;

  async insertIntoComposer(text: string) {
    if (this.composer.ok) this.inserted.push(text);
    return this.composer;
  }
  async copyText(text: string) {
    this.copied.push(text);
  }
  async teamActivity() {
    return this.team;
  }
  async playbooks() {
    return this.published;
  }
}

/** A stand-in classifier: the real one is tested in tests/unit/classify; this pins the sidebar. */
const fakeClassify =
  (category: CategoryId, matched = ['withdrawal', 'support is silent'], confidence = 0.82): Classify =>
  () => ({ category, confidence, matched });

function setup(opts: { ctx?: ThreadContext; services?: PlaybookServices; classify?: Classify | null } = {}) {
  const services = opts.services ?? new PlaybookServices();
  const store = createSidebarStore(services, {
    now: () => NOW,
    ...(opts.classify === null ? {} : { classify: opts.classify ?? fakeClassify('support_needed') }),
  });
  store.getState().setContext(opts.ctx ?? statusContext(), 'status');
  const user = userEvent.setup();
  render(<Sidebar store={store} requireTrustedEvents={false} />);
  return { services, store, user };
}

const playbookShown = () => screen.getByTestId('rt-guidance').getAttribute('data-playbook');
const template = (id: string) =>
  screen.getAllByTestId('rt-template').find((t) => t.getAttribute('data-template') === id)!;

const replyTo = (targetId: string, over: Partial<ObservedAction> = {}): ObservedAction => ({
  platform: 'x',
  action: 'reply',
  targetId,
  conversationId: '1800000000000000001',
  pageUrl: 'https://x.com/angry_user/status/1800000000000000001',
  occurredAt: NOW.toISOString(),
  source: 'network',
  dedupeKey: `k:${targetId}`,
  ...over,
});

describe('how to answer an untracked thread', () => {
  it("shows the classifier's suggestion with its reason and confidence, and that category's playbook", async () => {
    setup();
    const category = await screen.findByTestId('rt-category');
    expect(category).toHaveAttribute('data-source', 'suggested');
    expect(within(category).getByTestId('rt-suggestion')).toHaveTextContent(
      'Suggested: Needs support (likely) because of “withdrawal”, “support is silent”',
    );
    expect(within(category).getByLabelText('Category')).toHaveValue('support_needed');
    expect(playbookShown()).toBe('support-needed');
    const guidance = screen.getByTestId('rt-guidance');
    expect(guidance).toHaveTextContent(DEFAULT_PLAYBOOKS.playbooks.support_needed.goal);
    expect(within(guidance).getByTestId('rt-escalation')).toHaveAttribute('data-route', 'manager');
    // Filled for this thread: the author and the support links.
    expect(template('support-route')).toHaveTextContent(
      '@angry_user had the same last month. What actually moved it was a ticket from the app form, not the chat bot: https://kovra.example/support',
    );
    expect(within(template('dm-support')).getByText(/DM @KovraSupport/)).toBeInTheDocument();
  });

  it('asks for a category when there is nothing to suggest from', async () => {
    setup({ classify: null });
    const select = await screen.findByLabelText('Category');
    expect(select).toHaveValue('');
    expect(screen.getByText('Pick a category to see how to answer.')).toBeInTheDocument();
  });

  it('lets the ambassador change the category, remembers it per thread, and records it on the events', async () => {
    const { store, user } = setup();
    await user.selectOptions(await screen.findByLabelText('Category'), 'trust_doubt');
    expect(screen.getByTestId('rt-category')).toHaveAttribute('data-source', 'override');
    expect(playbookShown()).toBe('trust-doubt');
    expect(screen.getByTestId('rt-disclosure')).toHaveTextContent('Kovra ambassador');

    // Likes and replies in this thread carry both categories, so reports can show where it was wrong.
    expect(store.getState().annotate(replyTo('1800000000000000777', { action: 'like' }))).toEqual({
      category: 'trust_doubt',
      suggestedCategory: 'support_needed',
    });
    // Elsewhere, nothing.
    expect(
      store.getState().annotate(replyTo('1900000000000000001', { conversationId: '1900000000000000001' })),
    ).toEqual({});

    // Another thread, and back: the choice is still there.
    act(() => store.getState().setContext(statusContext({ targetId: '2', conversationId: '2' }), 'status'));
    expect(screen.getByTestId('rt-category')).toHaveAttribute('data-source', 'suggested');
    act(() => store.getState().setContext(statusContext(), 'status'));
    expect(screen.getByTestId('rt-category')).toHaveAttribute('data-category', 'trust_doubt');

    await user.click(screen.getByRole('button', { name: 'Use the suggestion' }));
    expect(screen.getByTestId('rt-category')).toHaveAttribute('data-source', 'suggested');
    expect(store.getState().annotate(replyTo('1800000000000000001', { action: 'like' }))).toEqual({
      category: 'support_needed',
    });
  });

  it('picks the thread language for templates, with a switch', async () => {
    const { user } = setup({
      ctx: statusContext({ text: 'Вывод висит третий день, поддержка молчит', author: 'masha' }),
    });
    const ru = await screen.findByTestId('rt-lang-ru');
    expect(ru).toHaveAttribute('aria-pressed', 'true');
    expect(template('support-route')).toHaveTextContent('@masha было то же самое месяц назад');
    await user.click(screen.getByTestId('rt-lang-en'));
    expect(template('support-route')).toHaveTextContent('@masha had the same last month');
  });
});

describe('a tracked thread', () => {
  it("shows the manager's category and its playbook, whatever the classifier says, and can't be changed", async () => {
    const services = new PlaybookServices();
    services.threads = [makeThread({ category: 'trolling' })];
    const { store } = setup({ services, classify: fakeClassify('support_needed') });
    const category = await screen.findByTestId('rt-category');
    await screen.findByText('Tracked by your team');
    expect(category).toHaveAttribute('data-source', 'team');
    expect(category).toHaveTextContent('Trolling, set by your team');
    expect(within(category).queryByRole('combobox')).not.toBeInTheDocument();
    expect(playbookShown()).toBe('trolling');
    expect(screen.getByTestId('rt-like')).toHaveTextContent('Don’t like');
    // The logger takes the manager's category itself; the sidebar adds none of its own.
    expect(store.getState().annotate(replyTo('1800000000000000001', { action: 'like' }))).toEqual({});
  });
});

describe('Insert and Copy', () => {
  it('inserts the filled template into the open composer and tags the reply that follows', async () => {
    const { services, store, user } = setup();
    await screen.findByText('What moved it for me');
    // The button's name says which template it inserts.
    await user.click(screen.getByRole('button', { name: /^Insert template \d+: What moved it for me$/ }));
    expect(services.inserted).toEqual([
      '@angry_user had the same last month. What actually moved it was a ticket from the app form, not the chat bot: https://kovra.example/support. Don’t post your account details here',
    ]);
    expect(within(template('support-route')).getByRole('status')).toHaveTextContent(
      'In the reply box. Make it yours, then press Reply.',
    );

    // A like is not the reply; the reply to that tweet is, once.
    expect(store.getState().annotate(replyTo('1800000000000000001', { action: 'like' }))).not.toHaveProperty(
      'templateId',
    );
    expect(store.getState().annotate(replyTo('1800000000000000001'))).toMatchObject({
      templateId: 'support-route',
      playbookId: 'support-needed',
    });
    expect(store.getState().annotate(replyTo('1800000000000000001'))).not.toHaveProperty('templateId');
  });

  it('says to open the reply box when none is open', async () => {
    const services = new PlaybookServices();
    services.composer = {
      ok: false,
      reason: 'no-composer',
      message: 'Open the reply box first, then press Insert.',
    };
    const { user } = setup({ services });
    await screen.findByTestId('rt-playbook');
    await user.click(within(template('dm-support')).getByRole('button', { name: /^Insert template \d+: / }));
    const status = within(template('dm-support')).getByRole('status');
    expect(status).toHaveTextContent('Open the reply box first, then press Insert.');
    expect(status).toHaveAttribute('data-state', 'error');
    expect(services.inserted).toEqual([]);
  });

  it('copies the filled template', async () => {
    const { services, user } = setup();
    await screen.findByTestId('rt-playbook');
    await user.click(within(template('normal-wait')).getByRole('button', { name: /^Copy template \d+: / }));
    expect(services.copied).toEqual([
      'Bigger withdrawals go through a manual check, mine took about a day and a half. If it’s longer than that, open a ticket here: https://kovra.example/help/withdrawals',
    ]);
    expect(within(template('normal-wait')).getByRole('status')).toHaveTextContent('Copied.');
  });

  it('says which placeholder the composer selected for the ambassador to type over', async () => {
    const services = new PlaybookServices();
    services.composer = { ok: true, composer: 'dialog', selected: '{my_experience}' };
    const { user } = setup({ services, classify: fakeClassify('technical_question') });
    await screen.findByTestId('rt-playbook');
    await user.click(within(template('steps')).getByRole('button', { name: /^Insert template \d+: / }));
    expect(within(template('steps')).getByRole('status')).toHaveTextContent(
      '{my_experience} is selected: type your own words over it.',
    );
  });

  it('a top-level comment under a YouTube video does not address the channel; a reply to a comment does', async () => {
    const video: ThreadContext = {
      platform: 'youtube',
      targetId: 'dQw4w9WgXcQ',
      conversationId: 'dQw4w9WgXcQ',
      url: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
      author: 'KovraReviews',
      text: 'Is Kovra a scam? My withdrawal is stuck',
    };
    setup({ ctx: video });
    const first = (await screen.findAllByTestId('rt-template'))[0]!;
    expect(first).not.toHaveTextContent('@KovraReviews');
    expect(first).not.toHaveTextContent('{author}');
    expect(first.querySelector('.rt-template-text')!.textContent).toMatch(/^\p{Lu}/u);
  });

  it('a comment picked under a video is answered to its author', async () => {
    const comment: ThreadContext = {
      platform: 'youtube',
      targetId: 'UgxComment1',
      conversationId: 'dQw4w9WgXcQ',
      url: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ&lc=UgxComment1',
      author: 'laura_chen_btc',
      text: 'My withdrawal is stuck and support is silent',
    };
    setup({ ctx: comment });
    const first = (await screen.findAllByTestId('rt-template'))[0]!;
    expect(first).toHaveTextContent('@laura_chen_btc');
  });

  it('flags variables the ambassador still has to fill in', async () => {
    setup({ classify: fakeClassify('technical_question') });
    await screen.findByTestId('rt-playbook');
    expect(template('steps')).toHaveTextContent('Fill in before sending: {my_experience}');
  });
});

describe('the logger with the sidebar', () => {
  it("puts the template and categories on the reply, and never over a tracked thread's category", async () => {
    const sent: ObservedAction[] = [];
    const make = (tracked: boolean) =>
      createActionLogger({
        platform: 'x',
        send: async (a) => sent.push(a),
        pageUrl: () => 'https://x.com/a/status/1',
        context: () => statusContext(),
        inThread: () => false,
        post: () => undefined,
        tracked: () => (tracked ? makeThread({ category: 'trolling' }) : undefined),
        onError: () => undefined,
        annotate: () => ({
          category: 'trust_doubt',
          suggestedCategory: 'support_needed',
          templateId: 'my-outcome',
          playbookId: 'trust-doubt',
        }),
      });
    const action = { op: 'reply', targetId: '1800000000000000001', source: 'network' } as const;
    await make(false).log({ ...action, dedupeKey: 'a' });
    await make(true).log({ ...action, dedupeKey: 'b' });
    expect(sent[0]).toMatchObject({
      category: 'trust_doubt',
      suggestedCategory: 'support_needed',
      templateId: 'my-outcome',
      playbookId: 'trust-doubt',
    });
    expect(sent[1]).toMatchObject({ category: 'trolling', templateId: 'my-outcome' });
    expect(sent[1]).not.toHaveProperty('suggestedCategory');
  });
});

describe('who from the team already answered', () => {
  const item = (over: Partial<TeamActivityItem>): TeamActivityItem => ({
    id: `00000000-0000-4000-8000-${String(Math.random()).slice(2, 14).padEnd(12, '0')}`,
    platform: 'x',
    action: 'reply',
    targetId: '1800000000000000001',
    occurredAt: new Date(NOW.getTime() - 60 * 60_000).toISOString(),
    member: 'kate',
    ...over,
  });

  it('lists replies with what they said and current likes', async () => {
    const services = new PlaybookServices();
    services.team = [
      item({
        replyText: 'Had the same in November, the in-app ticket fixed it',
        replyId: '1800000000000000999',
      }),
      item({
        member: 'oleg',
        action: 'like',
        occurredAt: new Date(NOW.getTime() - 30 * 60_000).toISOString(),
      }),
      item({
        member: 'ivan',
        action: 'like',
        occurredAt: new Date(NOW.getTime() - 20 * 60_000).toISOString(),
      }),
      item({
        member: 'ivan',
        action: 'unlike',
        occurredAt: new Date(NOW.getTime() - 10 * 60_000).toISOString(),
      }),
    ];
    setup({ services });
    const section = await screen.findByTestId('rt-team-activity');
    await within(section).findByText(/Had the same in November/);
    const rows = within(section).getAllByTestId('rt-team-event');
    expect(rows.map((r) => r.textContent)).toEqual([
      expect.stringContaining('oleg · like'),
      expect.stringContaining('kate · reply'),
    ]);
    expect(within(section).getByRole('link', { name: 'View reply' })).toHaveAttribute(
      'href',
      'https://x.com/i/web/status/1800000000000000999',
    );
  });

  it('says nothing when there is no team server to ask', async () => {
    setup();
    await screen.findByTestId('rt-playbook');
    expect(screen.queryByTestId('rt-team-activity')).not.toBeInTheDocument();
  });

  it('nets likes out by member and post', () => {
    const like = item({ action: 'like', occurredAt: '2025-06-10T10:00:00.000Z' });
    const unlike = item({ action: 'unlike', occurredAt: '2025-06-10T10:05:00.000Z' });
    const again = item({ action: 'like', occurredAt: '2025-06-10T10:10:00.000Z' });
    expect(netTeamActivity([unlike, like])).toEqual([]);
    expect(netTeamActivity([again, unlike, like])).toEqual([again]);
  });
});

describe('published playbooks', () => {
  it("uses the team's document when the background has one, the defaults otherwise", async () => {
    const services = new PlaybookServices();
    const doc = structuredClone(DEFAULT_PLAYBOOKS);
    doc.playbooks.support_needed.goal = 'Our team’s own goal for support threads';
    services.published = doc;
    setup({ services });
    expect(await screen.findByText('Our team’s own goal for support threads')).toBeInTheDocument();
  });

  it('switches an open sidebar to a newly synced version when the revision is bumped', async () => {
    const services = new PlaybookServices();
    setup({ services });
    expect(await screen.findByText(DEFAULT_PLAYBOOKS.playbooks.support_needed.goal)).toBeInTheDocument();

    const doc = structuredClone(DEFAULT_PLAYBOOKS);
    doc.playbooks.support_needed.goal = 'Version 2: support route first';
    services.published = doc;
    act(() => services.bumpRevision());
    expect(await screen.findByText('Version 2: support route first')).toBeInTheDocument();
  });

  it("classifies with the published rules and tracks with the published category's priority", async () => {
    const services = new PlaybookServices();
    const doc = structuredClone(DEFAULT_PLAYBOOKS);
    doc.rules = { ...doc.rules, fallback: 'trolling' };
    doc.categories = doc.categories.map((c) => (c.id === 'trolling' ? { ...c, priority: 'urgent' } : c));
    services.published = doc;
    const seen: unknown[] = [];
    const { store } = setup({
      services,
      classify: (_text, rules) => {
        seen.push(rules);
        return { category: rules.fallback, confidence: 0.5, matched: [] };
      },
    });
    await act(async () => store.getState().loadPlaybooks());
    expect(store.getState().suggest('anything at all')?.category).toBe('trolling');
    expect(seen.at(-1)).toBe(store.getState().playbooks.content.rules);
    await act(async () => {
      await store.getState().track({ category: 'trolling' });
    });
    expect(services.tracked.at(-1)).toMatchObject({ category: 'trolling', priority: 'urgent' });
  });

  it('keeps a category chosen over the suggestion (sidebar override, Track form) as a correction', async () => {
    const services = new PlaybookServices();
    const corrections: CorrectionInput[] = [];
    services.recordCorrection = async (c: CorrectionInput) => {
      corrections.push(c);
      return { queued: true, id: String(corrections.length) } as const;
    };
    const { store, user } = setup({ services });
    const text = statusContext().text;
    await user.selectOptions(await screen.findByLabelText('Category'), 'trust_doubt');
    expect(corrections).toEqual([
      { text, category: 'trust_doubt', suggestedCategory: 'support_needed', source: 'sidebar' },
    ]);
    // Going back to the suggestion teaches nothing.
    await user.click(screen.getByRole('button', { name: 'Use the suggestion' }));
    expect(corrections).toHaveLength(1);

    await act(async () => {
      await store.getState().track({ category: 'support_needed' });
    });
    expect(corrections).toHaveLength(1);
    await act(async () => {
      await store.getState().track({ category: 'legal_security_risk' });
    });
    expect(corrections.at(-1)).toEqual({
      text,
      category: 'legal_security_risk',
      suggestedCategory: 'support_needed',
      source: 'track_form',
    });
  });

  it("says when the team's model could not be used", async () => {
    setup({
      classify: () => ({
        category: 'support_needed',
        confidence: 0.7,
        matched: [],
        note: "The team's model team-1 could not be used (damaged); the shipped model answered.",
      }),
    });
    expect(await screen.findByTestId('rt-suggestion-note')).toHaveTextContent(
      "The team's model team-1 could not be used (damaged); the shipped model answered.",
    );
  });

  it("offers the published category's priority and first-reaction time when tracking", async () => {
    const services = new PlaybookServices();
    const doc = structuredClone(DEFAULT_PLAYBOOKS);
    doc.categories = doc.categories.map((c) =>
      c.id === 'trolling' ? { ...c, label: 'Rage-bait', priority: 'high', slaHours: 6 } : c,
    );
    services.published = doc;
    const { user } = setup({ services });
    await screen.findByText(DEFAULT_PLAYBOOKS.playbooks.support_needed.goal);
    await user.click(screen.getByRole('button', { name: 'Track this thread' }));
    const form = screen.getByTestId('rt-track-form');
    await user.selectOptions(within(form).getByLabelText('Category'), 'trolling');
    expect(within(form).getByRole('option', { name: 'Rage-bait' })).toBeInTheDocument();
    expect(within(form).getByLabelText('Priority')).toHaveValue('high');
    expect(form).toHaveTextContent('First reaction within 6 h.');
  });

  it("names a tracked thread's category with the team's published label", async () => {
    const services = new PlaybookServices();
    const doc = structuredClone(DEFAULT_PLAYBOOKS);
    doc.categories = doc.categories.map((c) => (c.id === 'trolling' ? { ...c, label: 'Rage-bait' } : c));
    services.published = doc;
    services.threads = [makeThread({ category: 'trolling' })];
    setup({ services });
    const status = await screen.findByTestId('rt-tracked-status');
    await within(status).findByText('Rage-bait');
    expect(await screen.findByText('Rage-bait, set by your team')).toBeInTheDocument();
  });

  it('keeps the resolved playbooks (and compiled rules) while the background answers the same document', async () => {
    const services = new PlaybookServices();
    services.published = structuredClone(DEFAULT_PLAYBOOKS);
    const { store } = setup({ services });
    await act(async () => store.getState().loadPlaybooks());
    const first = store.getState().playbooks;
    expect(first.source).toBe('team');
    await act(async () => store.getState().loadPlaybooks());
    expect(store.getState().playbooks).toBe(first);
  });
});
