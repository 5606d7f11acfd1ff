import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { Popup } from '../../../components/popup/Popup';
import { createPagesStore } from '../../../lib/pages/store';
import { fakeServices, member, NOW, now, status } from './fakes';

function renderPopup(fake: ReturnType<typeof fakeServices>) {
  const store = createPagesStore(fake.services);
  render(
    <Popup
      store={store}
      onOpenOptions={fake.services.openOptions}
      onOpenDashboard={fake.services.openDashboard}
      now={now}
      pollMs={60_000}
    />,
  );
  return store;
}

describe('the popup', () => {
  it('shows my sync state at a glance', async () => {
    renderPopup(fakeServices(status({ pending: 2 })));
    expect(await screen.findByTestId('sync-connected')).toHaveAttribute('data-connected', 'true');
    expect(screen.getByTestId('sync-connected')).toHaveTextContent('2 waiting to sync');
    expect(screen.getByTestId('sync-pending')).toHaveTextContent('2');
    expect(screen.getByTestId('sync-last-synced')).toHaveTextContent('2 min ago');
    expect(screen.getByText(/amber · Ambassador · replies\.example\.org/)).toBeInTheDocument();
    expect(screen.queryByTestId('sync-error')).toBeNull();
    // Ambassadors have no team view.
    expect(screen.queryByTestId('team-view')).toBeNull();
  });

  it('shows my activity today and this month in the sidebar header’s words, net likes from the one definition', async () => {
    const fake = fakeServices(status(), {
      myCounts: async () => ({
        today: { replies: 1, likes: 3, unlikes: 1 },
        month: { replies: 12, likes: 1, unlikes: 0 },
      }),
    });
    renderPopup(fake);
    expect(await screen.findByTestId('popup-today')).toHaveTextContent('1 reply · 2 net likes');
    expect(screen.getByTestId('popup-month')).toHaveTextContent('12 replies · 1 net like');
    expect(screen.getByRole('heading', { name: 'My activity' })).toBeInTheDocument();
  });

  it("warns when this computer's clock is off by minutes", async () => {
    renderPopup(
      fakeServices(
        status({
          clockSkewMs: 7 * 60_000,
          clockWarning: "This computer's clock is 7 minutes behind the team server's.",
        }),
      ),
    );
    expect(await screen.findByTestId('sync-clock-warning')).toHaveTextContent(/7 minutes behind/);
  });

  it('shows names and errors from the server as text, never as markup', async () => {
    const hostile = '<img src=x onerror="window.__pwned=1"><b>bold</b>';
    const fake = fakeServices(
      status({ member: { name: hostile, role: 'manager' }, lastError: hostile, errorKind: 'server' }),
    );
    fake.services.teamStatus.mockResolvedValue({
      generatedAt: NOW.toISOString(),
      members: [member({ name: hostile, lastError: hostile })],
    });
    renderPopup(fake);
    await screen.findByTestId('team-view');
    expect(screen.getByTestId('sync-error')).toHaveTextContent(hostile);
    expect(screen.getByTestId('team-view')).toHaveTextContent(hostile);
    expect(document.querySelector('img, b')).toBeNull();
  });

  it('points to the options page when not connected', async () => {
    renderPopup(fakeServices({ connected: false, pending: 4, held: 0, syncing: false }));
    expect(await screen.findByTestId('sync-connected')).toHaveAttribute('data-connected', 'false');
    expect(screen.getByTestId('sync-open-options')).toHaveAttribute('href', '/options.html');
    expect(screen.getByTestId('sync-pending')).toHaveTextContent('4');
    expect(screen.getByTestId('sync-last-synced')).toHaveTextContent('Never');
    expect(screen.queryByTestId('sync-now')).toBeNull();
  });

  it('says what went wrong in plain words and when it tries again', async () => {
    renderPopup(
      fakeServices(
        status({
          pending: 1,
          errorKind: 'offline',
          lastError:
            "Can't reach the team server at https://replies.example.org. You may be offline, or the server is down.",
          nextAttemptAt: new Date(NOW.getTime() + 40_000).toISOString(),
        }),
      ),
    );
    const error = await screen.findByTestId('sync-error');
    expect(error).toHaveAttribute('role', 'alert');
    expect(error).toHaveTextContent(/Can't reach the team server/);
    expect(within(error).getByTestId('sync-next-retry')).toHaveTextContent(/Next try/);
    // One state: never a green "Connected" above "Can't reach the team server".
    expect(screen.getByTestId('sync-connected')).toHaveTextContent('1 waiting to sync');
    expect(screen.getByTestId('sync-connected')).toHaveAttribute('data-state', 'waiting');
    expect(screen.queryByText(/^Connected$/)).toBeNull();
  });

  it('syncs now on request and shows the result', async () => {
    const fake = fakeServices(status({ pending: 1 }));
    renderPopup(fake);
    await screen.findByTestId('sync-pending');
    fake.set(status({ pending: 0, lastSyncedAt: NOW.toISOString() }));
    await userEvent.click(screen.getByTestId('sync-now'));
    expect(fake.services.syncNow).toHaveBeenCalledOnce();
    expect(screen.getByTestId('sync-pending')).toHaveTextContent('0');
    expect(screen.getByTestId('sync-last-synced')).toHaveTextContent('just now');
  });

  it('asks to reconnect when the token was refused', async () => {
    const fake = fakeServices(
      status({ connected: false, errorKind: 'auth', lastError: 'Your access token was revoked.' }),
    );
    renderPopup(fake);
    expect(await screen.findByTestId('sync-connected')).toHaveTextContent('Signed out');
    expect(screen.getByTestId('sync-error')).toHaveTextContent('Your access token was revoked.');
    expect(screen.getByTestId('sync-now')).toBeDisabled();
    await userEvent.click(screen.getByRole('button', { name: 'Reconnect in settings' }));
    expect(fake.services.openOptions).toHaveBeenCalled();
  });

  it('shows a manager the team, highlighting the silent and the failing', async () => {
    const fake = fakeServices(status({ member: { name: 'maria', role: 'manager' } }), {
      teamStatus: async () => ({
        generatedAt: NOW.toISOString(),
        members: [
          member(),
          member({ name: 'bob', lastSyncAt: new Date(NOW.getTime() - 30 * 3_600_000).toISOString() }),
          member({ name: 'cleo', lastSyncAt: undefined, eventsThisMonth: 0 }),
          member({ name: 'dan', lastError: "Can't reach the team server", pending: 12 }),
          // Added an hour ago, never synced: new, not silent.
          member({
            name: 'eve',
            lastSyncAt: undefined,
            joinedAt: new Date(NOW.getTime() - 3_600_000).toISOString(),
          }),
        ],
      }),
    });
    renderPopup(fake);
    const rows = await screen.findAllByTestId('team-row');
    expect(rows.map((r) => [r.dataset.member, r.dataset.silent, r.dataset.error])).toEqual([
      ['amber', 'false', 'false'],
      ['bob', 'true', 'false'],
      ['cleo', 'true', 'false'],
      ['dan', 'false', 'true'],
      ['eve', 'false', 'false'],
    ]);
    expect(rows[0]).toHaveTextContent(/amber.*10 min ago.*41/);
    expect(rows[1]).toHaveTextContent(/· silent/);
    expect(rows[4]).toHaveTextContent(/Never · new/);
    expect(rows[3]).toHaveTextContent(/Can't reach the team server.*12 pending/);
    expect(screen.getByTestId('team-summary')).toHaveTextContent('5 members · 2 silent · 1 with errors');

    await userEvent.click(screen.getByRole('button', { name: 'Team report' }));
    expect(fake.services.openDashboard).toHaveBeenCalledOnce();
  });

  it('shows a manager the threads ambassadors suggested, with the note, and dismisses one', async () => {
    const fake = fakeServices(status({ member: { name: 'maria', role: 'manager' } }), {
      suggestions: async () => [
        {
          id: '00000000-0000-4000-8000-00000000cccc',
          platform: 'x',
          url: 'https://x.com/upset/status/1800000000000000009',
          canonicalId: '1800000000000000009',
          author: 'upset',
          excerpt: 'Where is my withdrawal?',
          category: 'support_needed',
          note: 'Five people piling on',
          suggestedBy: 'amber',
          createdAt: new Date(NOW.getTime() - 5 * 60_000).toISOString(),
        },
      ],
    });
    renderPopup(fake);
    const item = await screen.findByTestId('team-suggestion');
    expect(item).toHaveTextContent(/amber · Needs support · 5 min ago/);
    expect(item).toHaveTextContent('Five people piling on');
    expect(within(item).getByRole('link', { name: "Open @upset's post to track it" })).toHaveAttribute(
      'href',
      'https://x.com/upset/status/1800000000000000009',
    );
    await userEvent.click(within(item).getByRole('button', { name: "Dismiss amber's suggestion" }));
    expect(fake.services.dismissSuggestion).toHaveBeenCalledWith('00000000-0000-4000-8000-00000000cccc');
    expect(screen.queryByTestId('team-suggestion')).toBeNull();
  });

  it('offers the team report only to managers and leads', async () => {
    renderPopup(fakeServices(status({ member: { name: 'amber', role: 'ambassador' } })));
    await screen.findByTestId('sync-pending');
    expect(screen.queryByRole('button', { name: 'Team report' })).toBeNull();
  });

  it('refreshes when stored data changes', async () => {
    let fire = () => {};
    const fake = fakeServices(status({ pending: 0 }), {
      onRevision: (listener) => {
        fire = listener;
        return () => {};
      },
    });
    renderPopup(fake);
    await screen.findByTestId('sync-pending');
    fake.set(status({ pending: 3 }));
    await act(async () => fire());
    expect(screen.getByTestId('sync-pending')).toHaveTextContent('3');
  });
});
