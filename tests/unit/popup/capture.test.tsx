import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { Popup } from '../../../components/popup/Popup';
import type { CaptureStatus } from '../../../lib/messaging/protocol';
import { type CaptureServices, createCaptureStore } from '../../../lib/pages/capture-store';
import { createPagesStore } from '../../../lib/pages/store';
import type { MentionAlert } from '../../../lib/schemas/mention';
import { fakeServices, NOW, now, status } from './fakes';

const capture = (over: Partial<CaptureStatus> = {}): CaptureStatus => ({
  connected: true,
  teamEnabled: true,
  hasTerms: true,
  paused: false,
  active: true,
  sentToday: 7,
  pending: 2,
  ...over,
});

function fakeCapture(first: CaptureStatus, alerts: MentionAlert[] | null = null) {
  let current = first;
  const services: CaptureServices = {
    status: vi.fn(async () => current),
    pause: vi.fn(async (paused: boolean) => {
      current = { ...current, paused, active: !paused && current.teamEnabled && current.hasTerms };
      return current;
    }),
    alerts: vi.fn(async () => alerts),
  };
  return services;
}

function renderPopup(role: 'ambassador' | 'manager', services: CaptureServices) {
  const settings = fakeServices(status({ member: { name: 'amber', role } }));
  render(
    <Popup
      store={createPagesStore(settings.services)}
      capture={createCaptureStore(services)}
      onOpenOptions={() => {}}
      onOpenDashboard={() => {}}
      now={now}
      pollMs={60_000}
    />,
  );
}

describe('mention capture in the popup', () => {
  it('tells a member capture is on and what it keeps, and lets them pause and resume it', async () => {
    const services = fakeCapture(capture());
    renderPopup('ambassador', services);
    const card = await screen.findByTestId('capture-card');
    expect(card).toHaveTextContent('Mention capture: on');
    expect(card).toHaveTextContent('that match the team’s terms: author, follower count, text');
    expect(card).toHaveTextContent('7 sent today, 2 waiting to send.');
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Pause capture in this browser' }));
    expect(services.pause).toHaveBeenCalledWith(true);
    expect(card).toHaveTextContent('Mention capture: paused');
    expect(card).toHaveTextContent('nothing is read from the pages you visit');
    await user.click(screen.getByRole('button', { name: 'Resume capture' }));
    expect(services.pause).toHaveBeenLastCalledWith(false);
    expect(card).toHaveTextContent('Mention capture: on');
  });

  it.each([
    [{ teamEnabled: false, active: false }, 'Your community manager switched capture off for the team.'],
    [{ hasTerms: false, active: false }, 'The team has not chosen any terms yet'],
  ])('says why capture is off: %o', async (over, text) => {
    renderPopup('ambassador', fakeCapture(capture(over)));
    const card = await screen.findByTestId('capture-card');
    expect(card).toHaveTextContent('Mention capture: off');
    expect(card).toHaveTextContent(text);
    expect(screen.queryByTestId('capture-toggle')).toBeNull();
  });

  it('shows a manager the mention alerts', async () => {
    renderPopup(
      'manager',
      fakeCapture(capture(), [
        {
          kind: 'spike',
          id: 's',
          from: NOW.toISOString(),
          to: NOW.toISOString(),
          count: 30,
          average: 5,
          factor: 6,
        },
      ]),
    );
    expect(await screen.findByTestId('popup-alerts')).toHaveTextContent(
      'Spike: 30 mentions in the last hour, 6.0× the usual 5.0 for this hour.',
    );
    expect(screen.getByRole('button', { name: 'Open the inbox' })).toBeVisible();
  });
});
