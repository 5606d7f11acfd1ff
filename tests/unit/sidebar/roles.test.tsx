import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { Sidebar } from '../../../components/sidebar/Sidebar';
import type { Role } from '../../../lib/schemas/member';
import type { SyncStatus } from '../../../lib/schemas/status';
import type { NewSuggestion, Suggestion } from '../../../lib/schemas/suggestion';
import type { Suggestion as Classified } from '../../../lib/sidebar/playbook';
import { createSidebarStore } from '../../../lib/sidebar/store';
import { createInputTally } from '../../../lib/sidebar/trusted';
import { FakeServices, makeThread, NOW, statusContext } from './fakes';

afterEach(cleanup);

/** The background's answers for a member with a role, plus the team's suggestions. */
class TeamServices extends FakeServices {
  sent: NewSuggestion[] = [];
  open: Suggestion[] = [];
  constructor(private readonly role: Role | undefined) {
    super();
  }
  async syncStatus(): Promise<SyncStatus> {
    return this.role
      ? {
          connected: true,
          serverUrl: 'https://replies.example.org',
          member: { name: 'amber', role: this.role },
          pending: 0,
          held: 0,
          syncing: false,
        }
      : { connected: false, pending: 0, held: 0, syncing: false };
  }
  async suggest(s: NewSuggestion): Promise<Suggestion> {
    this.sent.push(s);
    return {
      ...s,
      note: s.note ?? '',
      id: '00000000-0000-4000-8000-00000000aaaa',
      suggestedBy: 'amber',
      createdAt: NOW.toISOString(),
    };
  }
  async suggestions() {
    return this.open;
  }
}

// "Needs support" with three matching phrases: the classifier's answer for the thread's text.
const classify = (): Classified => ({
  category: 'support_needed',
  confidence: 0,
  matched: ['withdrawal', 'pending', 'support is silent'],
});

function renderAs(role: Role | undefined, services = new TeamServices(role), requireTrustedEvents = false) {
  const store = createSidebarStore(services, { now: () => NOW, classify });
  store.getState().setContext(statusContext(), 'status');
  render(<Sidebar store={store} requireTrustedEvents={requireTrustedEvents} />);
  return { services, store, user: userEvent.setup() };
}

describe('an ambassador', () => {
  it('never sees Track, and suggests the thread to the manager starting from the suggested category', async () => {
    const { services, user } = renderAs('ambassador');
    const suggest = await screen.findByRole('button', { name: 'Suggest to manager' });
    expect(screen.queryByTestId('rt-track')).toBeNull();
    // Three matching phrases and a zero margin read "unsure", never "0 % sure".
    const why = screen.getByTestId('rt-suggestion');
    expect(why).toHaveTextContent('Suggested: Needs support (unsure) because of “withdrawal”');
    expect(why).not.toHaveTextContent('%');
    await user.click(suggest);
    const form = screen.getByTestId('rt-suggest-form');
    expect(within(form).getByLabelText('Category')).toHaveValue('support_needed');
    expect(within(form).queryByLabelText('Priority')).toBeNull();
    await user.type(within(form).getByLabelText('Note for your manager'), 'Five people piling on');
    await user.click(within(form).getByRole('button', { name: 'Send to manager' }));
    expect(await screen.findByTestId('rt-suggested')).toHaveTextContent(
      'Suggested to your manager as Needs support.',
    );
    expect(services.sent).toEqual([
      expect.objectContaining({
        platform: 'x',
        canonicalId: '1800000000000000001',
        category: 'support_needed',
        note: 'Five people piling on',
        author: 'angry_user',
      }),
    ]);
  });

  it('sees a tracked thread without Stop tracking', async () => {
    const services = new TeamServices('ambassador');
    services.threads.push(makeThread());
    renderAs('ambassador', services);
    expect(await screen.findByText('Tracked by your team')).toBeInTheDocument();
    expect(screen.queryByTestId('rt-untrack')).toBeNull();
  });
});

describe('a page script', () => {
  it("cannot track or stop tracking with the manager's token by clicking or submitting for them", async () => {
    const services = new TeamServices('manager');
    services.threads.push(makeThread());
    renderAs('manager', services, true);
    // What a page script can do: element.click() (jsdom events are untrusted, like a script's).
    const untrack = await screen.findByTestId('rt-untrack');
    untrack.click();
    fireEvent.click(untrack);
    await act(async () => {});
    expect(screen.getByTestId('rt-untrack')).toBeInTheDocument();
    expect(services.calls.untrack).toBe(0);
  });

  it('cannot submit the track form for the manager', async () => {
    const services = new TeamServices('manager');
    renderAs('manager', services, true);
    // Opening the form is harmless; the submit is what acts.
    fireEvent.click(await screen.findByRole('button', { name: 'Track this thread' }));
    const form = screen.getByTestId('rt-track-form');
    (form as HTMLFormElement).requestSubmit();
    await act(async () => {});
    expect(services.tracked).toEqual([]);
    expect(services.calls.track).toBe(0);
  });
});

describe('the tally of judged clicks the content script keeps', () => {
  it('counts every forged click and submit as judged and refused, a click let through as judged', async () => {
    const services = new TeamServices('manager');
    services.threads.push(makeThread());
    const store = createSidebarStore(services, { now: () => NOW, classify });
    store.getState().setContext(statusContext(), 'status');
    const inputs = createInputTally();
    const view = render(<Sidebar store={store} inputs={inputs} />);
    const untrack = await screen.findByTestId('rt-untrack');
    expect(inputs).toMatchObject({ total: 0, refused: 0 });
    // Judged within the click's own dispatch: the tally moves before anything else happens.
    untrack.click();
    expect(inputs).toMatchObject({ total: 1, refused: 1 });
    fireEvent.click(untrack);
    expect(inputs).toMatchObject({ total: 2, refused: 2 });
    expect(services.calls.untrack).toBe(0);

    // Where the check is off (component tests), a click is judged and taken.
    view.unmount();
    render(<Sidebar store={store} inputs={inputs} requireTrustedEvents={false} />);
    fireEvent.click(await screen.findByTestId('rt-untrack'));
    expect(inputs).toMatchObject({ total: 3, refused: 2 });
    await act(async () => {});
    expect(services.calls.untrack).toBe(1);
  });

  it('counts a forged requestSubmit of the track form as judged and refused', async () => {
    const services = new TeamServices('manager');
    const store = createSidebarStore(services, { now: () => NOW, classify });
    store.getState().setContext(statusContext(), 'status');
    const inputs = createInputTally();
    render(<Sidebar store={store} inputs={inputs} />);
    // Opening the form is no manager-only action: nothing judged.
    fireEvent.click(await screen.findByRole('button', { name: 'Track this thread' }));
    expect(inputs).toMatchObject({ total: 0, refused: 0 });
    (screen.getByTestId('rt-track-form') as HTMLFormElement).requestSubmit();
    expect(inputs).toMatchObject({ total: 1, refused: 1 });
    await act(async () => {});
    expect(services.calls.track).toBe(0);
  });
});

describe('a manager', () => {
  it("tracks from the suggestion: the form starts from its category, that category's priority and SLA", async () => {
    const { services, user } = renderAs('manager');
    await user.click(await screen.findByRole('button', { name: 'Track this thread' }));
    const form = screen.getByTestId('rt-track-form');
    expect(within(form).getByLabelText('Category')).toHaveValue('support_needed');
    expect(within(form).getByLabelText('Priority')).toHaveValue('high');
    expect(within(form).getByTestId('rt-form-sla')).toHaveTextContent(/within 24 h/);
    await user.click(within(form).getByRole('button', { name: 'Track' }));
    expect(await screen.findByText('Tracked by your team')).toBeInTheDocument();
    expect(services.tracked[0]).toMatchObject({ category: 'support_needed', priority: 'high' });
    expect(screen.getByTestId('rt-untrack')).toBeInTheDocument();
  });

  it("sees a teammate's suggestion for this post, and the form starts from its category", async () => {
    const services = new TeamServices('manager');
    services.open = [
      {
        id: '00000000-0000-4000-8000-00000000bbbb',
        platform: 'x',
        url: statusContext().url,
        canonicalId: statusContext().targetId,
        category: 'trust_doubt',
        note: 'Calls us a scam, 40 likes',
        suggestedBy: 'amber',
        createdAt: NOW.toISOString(),
      },
    ];
    const { user } = renderAs('manager', services);
    const card = await screen.findByTestId('rt-teammate-suggestion');
    expect(card).toHaveTextContent('@amber suggests tracking it as');
    expect(card).toHaveTextContent('Calls us a scam, 40 likes');
    await user.click(screen.getByRole('button', { name: 'Track this thread' }));
    expect(within(screen.getByTestId('rt-track-form')).getByLabelText('Category')).toHaveValue('trust_doubt');
  });
});

describe('without a team server', () => {
  it('the person is their own team and tracks locally', async () => {
    renderAs(undefined);
    expect(await screen.findByRole('button', { name: 'Track this thread' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Suggest to manager' })).toBeNull();
  });
});
