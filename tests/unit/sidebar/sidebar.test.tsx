import { act, cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { Sidebar } from '../../../components/sidebar/Sidebar';
import type { PageKind, ThreadContext } from '../../../lib/platforms/types';
import { createSidebarStore } from '../../../lib/sidebar/store';
import { counts, FakeServices, makeEvent, makeThread, NOW, statusContext } from './fakes';

// Vitest runs without globals here, so Testing Library cannot register its own cleanup.
afterEach(cleanup);

function renderSidebar(opts: { ctx?: ThreadContext; kind?: PageKind; services?: FakeServices } = {}) {
  const services = opts.services ?? new FakeServices();
  const store = createSidebarStore(services, { now: () => NOW });
  store.getState().setContext(opts.ctx, opts.kind ?? (opts.ctx ? 'status' : 'home'));
  const user = userEvent.setup();
  const view = render(<Sidebar store={store} requireTrustedEvents={false} />);
  return { services, store, user, ...view };
}

describe('an ambassador opens a status page', () => {
  it('sees the tweet, "Not tracked", and can track it with a category, priority and note', async () => {
    const { services, user } = renderSidebar({ ctx: statusContext() });

    const thread = screen.getByTestId('rt-thread');
    expect(within(thread).getByRole('heading', { name: 'This thread' })).toBeInTheDocument();
    expect(within(thread).getByText('@angry_user')).toBeInTheDocument();
    expect(within(thread).getByText(/Withdrawal pending for three days/)).toBeInTheDocument();
    expect(within(thread).getByRole('link', { name: 'Open post' })).toHaveAttribute(
      'href',
      'https://x.com/angry_user/status/1800000000000000001',
    );
    expect(
      await within(screen.getByTestId('rt-tracked-status')).findByText('Not tracked'),
    ).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Track this thread' }));
    const form = screen.getByTestId('rt-track-form');
    const category = within(form).getByLabelText('Category');
    expect(category).toHaveFocus();
    expect(category).toHaveValue('technical_question');
    expect(within(form).getByLabelText('Priority')).toHaveValue('normal');

    await user.selectOptions(category, 'support_needed');
    // The priority follows the category until chosen by hand.
    expect(within(form).getByLabelText('Priority')).toHaveValue('high');
    await user.type(within(form).getByLabelText('Note for the team'), 'Point to support, no account data');
    await user.click(within(form).getByRole('button', { name: 'Track' }));

    const status = await screen.findByTestId('rt-tracked-status');
    expect(await within(status).findByText('Tracked by your team')).toBeInTheDocument();
    expect(within(status).getByText('Needs support')).toBeInTheDocument();
    expect(within(status).getByText('Point to support, no account data')).toBeInTheDocument();
    expect(screen.queryByTestId('rt-track-form')).not.toBeInTheDocument();
    expect(services.tracked).toHaveLength(1);
    expect(services.tracked[0]).toMatchObject({ category: 'support_needed', priority: 'high' });
  });

  it('can cancel the form with Escape and lands back on the button', async () => {
    const { user } = renderSidebar({ ctx: statusContext() });
    await user.click(await screen.findByTestId('rt-track'));
    await user.keyboard('{Escape}');
    expect(screen.queryByTestId('rt-track-form')).not.toBeInTheDocument();
    expect(screen.getByTestId('rt-track')).toHaveFocus();
  });

  it('sees a tracked thread with its category, priority, note, who answered and the SLA', async () => {
    const services = new FakeServices();
    services.threads = [
      makeThread({
        category: 'trust_doubt',
        priority: 'urgent',
        note: 'Explain the 3-day verification window',
        repliedBy: ['amb_kate'],
      }),
    ];
    renderSidebar({ ctx: statusContext(), services });

    const status = screen.getByTestId('rt-tracked-status');
    expect(await within(status).findByText('Tracked by your team')).toBeInTheDocument();
    expect(status).toHaveAttribute('data-tracked', 'true');
    expect(within(status).getByText('Doubt in reliability')).toBeInTheDocument();
    expect(within(status).getByText('Urgent priority')).toBeInTheDocument();
    expect(within(status).getByText('Explain the 3-day verification window')).toBeInTheDocument();
    expect(within(status).getByText('Answered by @amb_kate')).toBeInTheDocument();
    expect(screen.getByTestId('rt-sla')).toHaveTextContent('Due in 5 h 12 min');
    expect(screen.getByTestId('rt-sla')).toHaveAttribute('data-state', 'due');
  });

  it('recognises a reply inside a tracked conversation', async () => {
    const services = new FakeServices();
    services.threads = [
      makeThread({ canonicalId: '111', slaDueAt: new Date(NOW.getTime() - 200 * 60_000).toISOString() }),
    ];
    renderSidebar({ ctx: statusContext({ targetId: '222', conversationId: '111' }), services });
    expect(await screen.findByTestId('rt-sla')).toHaveTextContent('3 h 20 min late');
  });

  it('can stop tracking', async () => {
    const services = new FakeServices();
    services.threads = [makeThread()];
    const { user } = renderSidebar({ ctx: statusContext(), services });
    await user.click(await screen.findByRole('button', { name: 'Stop tracking' }));
    expect(
      await within(screen.getByTestId('rt-tracked-status')).findByText('Not tracked'),
    ).toBeInTheDocument();
    expect(services.threads).toEqual([]);
  });
});

describe('what I did here and my activity', () => {
  it('lists my reply and likes with times and a link to my reply, and shows my counts', async () => {
    const services = new FakeServices();
    services.events = [
      makeEvent({ action: 'like', occurredAt: new Date(NOW.getTime() - 3 * 3_600_000).toISOString() }),
      makeEvent({
        action: 'reply',
        replyId: '1800000000000000999',
        replyText: 'Had the same last month: verification took 2 days, support ticket sorted it.',
        occurredAt: new Date(NOW.getTime() - 2 * 60_000).toISOString(),
      }),
    ];
    services.myCountsValue = { today: counts(4, 7, 1), month: counts(38, 52, 3) };
    renderSidebar({ ctx: statusContext(), services });

    const list = screen.getByTestId('rt-my-activity');
    expect(within(list).getByRole('heading', { name: 'What I did here' })).toBeInTheDocument();
    const rows = await within(list).findAllByTestId('rt-event');
    expect(rows.map((r) => r.dataset.action)).toEqual(['reply', 'like']);

    const [reply, like] = rows as [HTMLElement, HTMLElement];
    expect(within(reply).getByText('Reply')).toBeInTheDocument();
    expect(within(reply).getByText('2 min ago')).toHaveAttribute('datetime', '2025-06-10T11:58:00.000Z');
    expect(within(reply).getByText(/verification took 2 days/)).toBeInTheDocument();
    expect(within(reply).getByRole('link', { name: 'View my reply' })).toHaveAttribute(
      'href',
      'https://x.com/i/web/status/1800000000000000999',
    );
    expect(within(like).getByText('3 h ago')).toHaveAttribute('title');

    expect(screen.getByTestId('rt-count-today-replies')).toHaveTextContent('4');
    expect(screen.getByTestId('rt-count-today-likes')).toHaveTextContent('7');
    expect(screen.getByTestId('rt-count-today-net-likes')).toHaveTextContent('6');
    expect(screen.getByTestId('rt-count-month-replies')).toHaveTextContent('38');
    expect(screen.getByTestId('rt-count-month-likes')).toHaveTextContent('52');
  });

  it('says so when I have not done anything here yet', async () => {
    renderSidebar({ ctx: statusContext() });
    expect(await screen.findByText(/Nothing yet/)).toBeInTheDocument();
    expect(screen.queryAllByTestId('rt-event')).toEqual([]);
  });

  it('updates after I like the tweet (the background bumps the revision)', async () => {
    const services = new FakeServices();
    renderSidebar({ ctx: statusContext(), services });
    expect(await screen.findByText(/Nothing yet/)).toBeInTheDocument();
    expect(screen.getByTestId('rt-count-today-likes')).toHaveTextContent('0');

    services.events.push(makeEvent({ action: 'like' }));
    services.myCountsValue = { today: counts(0, 1, 0), month: counts(0, 1, 0) };
    act(() => services.bumpRevision());

    expect(await screen.findByTestId('rt-event')).toHaveAttribute('data-action', 'like');
    expect(screen.getByTestId('rt-count-today-likes')).toHaveTextContent('1');
    // Counts are announced politely to screen readers as they change.
    expect(screen.getByTestId('rt-count-today-likes').closest('[aria-live]')).toHaveAttribute(
      'aria-live',
      'polite',
    );
  });
});

describe('on the home timeline', () => {
  it('asks to open a tweet, still shows my activity, and follows a badge click', async () => {
    const services = new FakeServices();
    services.myCountsValue = { today: counts(1, 2, 0), month: counts(10, 20, 0) };
    services.threads = [
      makeThread({ canonicalId: '42', category: 'incident_complaint', priority: 'urgent' }),
    ];
    const { store } = renderSidebar({ kind: 'home', services });

    expect(screen.getByText('Open a post or video to see its thread.')).toBeInTheDocument();
    expect(screen.queryByTestId('rt-tracked-status')).not.toBeInTheDocument();
    expect(await screen.findByTestId('rt-count-month-likes')).toHaveTextContent('20');

    act(() =>
      store
        .getState()
        .selectThread(statusContext({ targetId: '42', conversationId: '42', author: 'status_fan' })),
    );
    expect(screen.getByText('Picked on this page')).toBeInTheDocument();
    expect(screen.getByText('@status_fan')).toBeInTheDocument();
    expect(await screen.findByText('Incident complaint')).toBeInTheDocument();
  });
});

describe('collapse and expand', () => {
  it('collapses to a slim tab and expands again, keyboard first', async () => {
    const services = new FakeServices();
    services.threads = [makeThread()];
    const { user } = renderSidebar({ ctx: statusContext(), services });
    await screen.findByText('Tracked by your team');

    expect(screen.getByRole('complementary', { name: 'Reply Tracker' })).toBeInTheDocument();
    expect(screen.getByText('Alt+Shift+R')).toBeInTheDocument();
    const collapse = screen.getByTestId('rt-collapse');
    expect(collapse).toHaveAccessibleName('Collapse sidebar');
    expect(collapse).toHaveAttribute('aria-expanded', 'true');

    await user.click(collapse);
    expect(screen.queryByRole('complementary')).not.toBeInTheDocument();
    expect(screen.getByTestId('rt-sidebar')).toHaveAttribute('data-state', 'collapsed');
    const tab = screen.getByTestId('rt-tab');
    expect(tab).toHaveAttribute('aria-expanded', 'false');
    expect(tab).toHaveAccessibleName('Reply Tracker, this thread is tracked');
    expect(tab).toHaveFocus();

    await user.keyboard('{Enter}');
    expect(screen.getByRole('complementary', { name: 'Reply Tracker' })).toBeInTheDocument();
    expect(screen.getByTestId('rt-collapse')).toHaveFocus();
  });

  it('the shortcut (via the store) toggles without moving focus', () => {
    const { store } = renderSidebar({ ctx: statusContext() });
    act(() => store.getState().toggle());
    expect(screen.getByTestId('rt-tab')).not.toHaveFocus();
  });
});

describe('when something goes wrong', () => {
  it('shows a plain message and recovers with Try again', async () => {
    const services = new FakeServices();
    services.failing.set('myCounts', new Error("Reply Tracker's background is unreachable: gone"));
    const { user } = renderSidebar({ ctx: statusContext(), services });

    expect(await screen.findByRole('alert')).toHaveTextContent(
      "Couldn't load your counts: Reply Tracker isn't responding. Try again in a moment.",
    );
    expect(screen.getByTestId('rt-count-today-replies')).toHaveTextContent('–');

    services.failing.clear();
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(screen.getByTestId('rt-count-today-replies')).toHaveTextContent('0');
  });

  it('keeps the form open and explains when tracking fails', async () => {
    const services = new FakeServices();
    services.failing.set('track', new Error('Extension context invalidated.'));
    const { user } = renderSidebar({ ctx: statusContext(), services });
    await user.click(await screen.findByTestId('rt-track'));
    await user.click(screen.getByRole('button', { name: 'Track' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('Reply Tracker was updated. Reload this page');
    expect(screen.getByTestId('rt-track-form')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });
});

describe('themes', () => {
  it.each(['light', 'dim', 'dark'] as const)('follows X in %s mode', (theme) => {
    const { store } = renderSidebar();
    act(() => store.getState().setTheme(theme));
    expect(screen.getByTestId('rt-sidebar')).toHaveAttribute('data-theme', theme);
  });
});

describe('on a YouTube watch page', () => {
  const video: ThreadContext = {
    platform: 'youtube',
    targetId: 'k3Vq9pXz1aE',
    conversationId: 'k3Vq9pXz1aE',
    url: 'https://www.youtube.com/watch?v=k3Vq9pXz1aE',
    author: '@CryptoWithDan',
    text: 'Kovra withdrawal stuck for 5 days — is it a scam?',
  };
  const comment: ThreadContext = {
    platform: 'youtube',
    targetId: 'UgxKq3R7v0m1Yp2dN4B4AaABAg',
    conversationId: 'k3Vq9pXz1aE',
    url: 'https://www.youtube.com/watch?v=k3Vq9pXz1aE&lc=UgxKq3R7v0m1Yp2dN4B4AaABAg',
    author: '@laura_chen_btc',
    text: 'Verification loop again, third time this month',
  };

  it('says whether it shows the video or a comment under it, and tracks the comment on its own', async () => {
    const { store, services, user } = renderSidebar({ ctx: video, kind: 'watch' });
    const thread = screen.getByTestId('rt-thread');
    expect(within(thread).getByTestId('rt-post-kind')).toHaveTextContent('Video by @CryptoWithDan');
    expect(await screen.findByRole('button', { name: 'Track this video' })).toBeInTheDocument();

    act(() => store.getState().selectThread(comment));
    expect(within(thread).getByTestId('rt-post-kind')).toHaveTextContent(
      'Comment by @laura_chen_btc under this video',
    );
    expect(within(thread).getByRole('link', { name: 'Open comment' })).toHaveAttribute('href', comment.url);
    await user.click(await screen.findByRole('button', { name: 'Track this comment' }));
    await user.click(within(screen.getByTestId('rt-track-form')).getByRole('button', { name: 'Track' }));
    expect(await screen.findByText('Tracked by your team')).toBeInTheDocument();
    expect(services.tracked[0]).toMatchObject({ canonicalId: comment.targetId, parentId: video.targetId });
  });

  it('says when a comment is tracked only through its video, and that stopping stops the video', async () => {
    const services = new FakeServices();
    services.threads = [makeThread({ platform: 'youtube', canonicalId: video.targetId, url: video.url })];
    const { store } = renderSidebar({ ctx: video, kind: 'watch', services });
    act(() => store.getState().selectThread(comment));
    expect(await screen.findByText('Tracked by your team with its video')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Stop tracking the video' })).toBeInTheDocument();
  });
});
