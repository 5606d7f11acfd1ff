import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Popup } from '../../../components/popup/Popup';
import { createPagesStore } from '../../../lib/pages/store';
import type { TeamHealthMember } from '../../../lib/schemas/health';
import { fakeServices, member, NOW, now, status } from './fakes';

function renderPopup(fake: ReturnType<typeof fakeServices>) {
  render(
    <Popup
      store={createPagesStore(fake.services)}
      onOpenOptions={fake.services.openOptions}
      onOpenDashboard={fake.services.openDashboard}
      now={now}
      pollMs={60_000}
    />,
  );
}

const ago = (ms: number) => new Date(NOW.getTime() - ms).toISOString();
const record = (check: string, signal: 'dom' | 'network', affects: ('likes' | 'replies')[]) => ({
  platform: 'x' as const,
  page: signal === 'dom' ? 'home' : 'any',
  check,
  signal,
  affects,
  firstSeen: ago(3 * 3_600_000),
  lastSeen: ago(60_000),
  version: '1.0.0',
  count: 4,
  receivedAt: ago(30_000),
});

const bobAtRisk: TeamHealthMember = {
  name: 'bob',
  role: 'ambassador',
  clientVersion: '1.0.0',
  warnings: [
    {
      platform: 'x',
      level: 'at-risk',
      atRisk: ['likes'],
      degraded: [],
      since: ago(3 * 3_600_000),
      checks: ['answer:like', 'like-button'],
    },
  ],
  records: [record('like-button', 'dom', ['likes']), record('answer:like', 'network', ['likes'])],
};

const manager = status({ member: { name: 'maria', role: 'manager' } });

describe("the manager's team view: site changes", () => {
  it('names the affected member, what may not be counted and since when, in plain words', async () => {
    const fake = fakeServices(manager, {
      teamStatus: async () => ({
        generatedAt: NOW.toISOString(),
        members: [member(), member({ name: 'bob' })],
      }),
      teamHealth: async () => ({ generatedAt: NOW.toISOString(), members: [bobAtRisk] }),
    });
    renderPopup(fake);
    const warning = await screen.findByTestId('team-health-warning');
    expect(warning.dataset).toMatchObject({ member: 'bob', platform: 'x', level: 'at-risk' });
    expect(warning).toHaveTextContent('bob · X changed its page: likes may not be counted.');
    expect(warning).toHaveTextContent('First seen 3 h ago · answer:like, like-button');
    expect(screen.getByTestId('team-health')).toHaveTextContent('Site changes affecting counts (1 member)');
  });

  it('says nothing when nobody is affected, or only by changes that lose no counts', async () => {
    const notice: TeamHealthMember = {
      name: 'bob',
      role: 'ambassador',
      warnings: [],
      records: [record('fields:reply', 'network', [])],
    };
    const fake = fakeServices(manager, {
      teamHealth: async () => ({ generatedAt: NOW.toISOString(), members: [notice] }),
    });
    renderPopup(fake);
    await screen.findAllByTestId('team-row');
    expect(screen.queryByTestId('team-health')).toBeNull();
  });

  it('keeps the team view working against a server without site health', async () => {
    const fake = fakeServices(manager, {
      teamHealth: async () => {
        throw new Error('No route for GET /api/v1/team/health');
      },
    });
    renderPopup(fake);
    expect(await screen.findAllByTestId('team-row')).toHaveLength(1);
    expect(screen.queryByTestId('team-health')).toBeNull();
    expect(screen.queryByTestId('team-error')).toBeNull();
  });
});
