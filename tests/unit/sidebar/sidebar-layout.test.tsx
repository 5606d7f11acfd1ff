import { act, cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { Sidebar } from '../../../components/sidebar/Sidebar';
import { createSidebarStore } from '../../../lib/sidebar/store';
import { counts, FakeServices, makeEvent, makeThread, NOW, statusContext } from './fakes';

afterEach(cleanup);

function renderSidebar(services = new FakeServices()) {
  const store = createSidebarStore(services, { now: () => NOW });
  store.getState().setContext(statusContext(), 'status');
  const user = userEvent.setup();
  render(<Sidebar store={store} requireTrustedEvents={false} />);
  return { services, store, user };
}

describe('the sidebar is built around the task', () => {
  it('keeps the thread status, its SLA and my counts today in a header outside the scrolling part', async () => {
    const services = new FakeServices();
    services.threads = [makeThread()];
    services.myCountsValue = { today: counts(2, 5, 1), month: counts(30, 40, 2) };
    renderSidebar(services);

    const glance = await screen.findByTestId('rt-glance');
    await within(glance).findByText(/^Tracked/);
    expect(within(glance).getByTestId('rt-glance-sla')).toHaveTextContent('Due in 5 h 12 min');
    await expect
      .poll(() => within(glance).getByTestId('rt-glance-today').textContent)
      .toMatch(/2 replies · 4 net likes/);
    expect(glance.closest('header')).not.toBeNull();
    expect(screen.getByTestId('rt-scroll')).not.toContainElement(glance);
  });

  it('says "Not tracked" at a glance with no SLA when the team does not track the thread', async () => {
    renderSidebar();
    const glance = screen.getByTestId('rt-glance');
    await within(glance).findByText('Not tracked');
    expect(within(glance).queryByTestId('rt-glance-sla')).toBeNull();
  });

  it('shows the templates before the guidance, with do and don’t collapsed until asked for', async () => {
    const services = new FakeServices();
    services.threads = [makeThread()];
    const { user } = renderSidebar(services);
    const playbook = await screen.findByTestId('rt-playbook');
    const templates = await within(playbook).findByTestId('rt-templates');
    const guidance = within(playbook).getByTestId('rt-guidance');
    // Document order: the templates come first.
    expect(templates.compareDocumentPosition(guidance) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();

    const doDont = within(guidance).getByTestId('rt-do-dont');
    expect(doDont).not.toHaveAttribute('open');
    const summary = within(doDont).getByText(/^Do and don’t \(\d+\)$/);
    await user.click(summary);
    expect(doDont).toHaveAttribute('open');
  });

  it('clamps a long note to a few lines with "more", and shows it all on request', async () => {
    const services = new FakeServices();
    const note = `Context for the team: ${'the user wrote to support twice and got an automated answer. '.repeat(5)}`;
    services.threads = [makeThread({ note })];
    const { user } = renderSidebar(services);

    const shown = await screen.findByTestId('rt-tracked-note');
    expect(shown).toHaveTextContent(note.trim());
    expect(shown).toHaveAttribute('data-clamped', 'true');
    const more = screen.getByRole('button', { name: 'Show all of the note' });
    expect(more).toHaveAttribute('aria-expanded', 'false');
    await user.click(more);
    expect(shown).toHaveAttribute('data-clamped', 'false');
    expect(screen.getByRole('button', { name: 'Show less of the note' })).toHaveAttribute(
      'aria-expanded',
      'true',
    );
  });

  it('leaves a short note whole, without a "more" button', async () => {
    const services = new FakeServices();
    services.threads = [makeThread({ note: 'Point to support.' })];
    renderSidebar(services);
    expect(await screen.findByTestId('rt-tracked-note')).toHaveAttribute('data-clamped', 'false');
    expect(screen.queryByRole('button', { name: /Show all of the note/ })).toBeNull();
  });

  it('"What I did here" names and links the post each action was on', async () => {
    const services = new FakeServices();
    services.events = [
      makeEvent({ action: 'like', targetId: '1800000000000000555', targetAuthor: 'helpful_friend' }),
      makeEvent({
        action: 'reply',
        targetId: '1800000000000000001',
        targetAuthor: 'angry_user',
        replyId: '1800000000000000999',
        replyText: 'Same here last month; support sorted it in a day.',
        occurredAt: new Date(NOW.getTime() - 60 * 60_000).toISOString(),
      }),
    ];
    renderSidebar(services);
    const rows = await within(screen.getByTestId('rt-my-activity')).findAllByTestId('rt-event');
    expect(rows).toHaveLength(2);
    const [like, reply] = rows as [HTMLElement, HTMLElement];
    expect(within(like).getByRole('link', { name: '@helpful_friend’s post' })).toHaveAttribute(
      'href',
      'https://x.com/i/web/status/1800000000000000555',
    );
    expect(within(reply).getByRole('link', { name: '@angry_user’s post' })).toHaveAttribute(
      'href',
      'https://x.com/i/web/status/1800000000000000001',
    );
    expect(within(reply).getByRole('link', { name: 'View my reply' })).toBeInTheDocument();
  });

  it('the shortcut’s focusIn opens a collapsed sidebar and puts focus on the panel', async () => {
    const { store } = renderSidebar();
    act(() => store.getState().collapse());
    expect(screen.queryByRole('complementary')).toBeNull();
    act(() => store.getState().focusIn());
    const panel = screen.getByRole('complementary', { name: 'Reply Tracker' });
    expect(panel).toHaveFocus();

    // Pressed again while open (focus went back to the page meanwhile): focus comes in again.
    (panel as HTMLElement).blur();
    act(() => store.getState().focusIn());
    expect(panel).toHaveFocus();
  });
});
