import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { Sidebar } from '../../../components/sidebar/Sidebar';
import type { QueueItem, QueueResponse } from '../../../lib/schemas/mention';
import { createSidebarStore } from '../../../lib/sidebar/store';
import { FakeServices, NOW } from './fakes';

afterEach(cleanup);

class QueueServices extends FakeServices {
  constructor(private readonly answer: QueueResponse | null | Error) {
    super();
  }
  async queue(): Promise<QueueResponse | null> {
    if (this.answer instanceof Error) throw this.answer;
    return this.answer;
  }
}

const item = (over: Partial<QueueItem>): QueueItem => ({
  reason: 'assigned',
  platform: 'x',
  url: 'https://x.com/angry/status/1922334455667788990',
  authorHandle: '@angry',
  excerpt: 'my finvo withdrawal is stuck <b>again</b>',
  category: 'support_needed',
  priority: 'high',
  slaDueAt: new Date(NOW.getTime() + 5 * 3_600_000).toISOString(),
  replied: false,
  ...over,
});

function renderQueue(answer: QueueResponse | null | Error) {
  const store = createSidebarStore(new QueueServices(answer), { now: () => NOW, initial: { isOpen: true } });
  render(<Sidebar store={store} requireTrustedEvents={false} />);
}

describe('the ambassador’s queue in the sidebar', () => {
  it('lists assigned and overdue threads as links, with their SLA', async () => {
    renderQueue({
      generatedAt: NOW.toISOString(),
      items: [
        item({}),
        item({
          reason: 'overdue',
          platform: 'youtube',
          url: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ&lc=UgxAbc',
          authorHandle: '@viewer',
          excerpt: 'is finvo a scam?',
          category: 'trust_doubt',
          slaDueAt: new Date(NOW.getTime() - 3 * 3_600_000).toISOString(),
        }),
      ],
    });
    const section = await screen.findByTestId('rt-queue');
    expect(within(section).getByRole('heading', { name: 'Your queue' })).toBeVisible();
    expect(section).toHaveTextContent('1 assigned to you · 1 overdue for the team');
    const links = within(section).getAllByRole('link');
    expect(links.map((a) => a.getAttribute('href'))).toEqual([
      'https://x.com/angry/status/1922334455667788990',
      'https://www.youtube.com/watch?v=dQw4w9WgXcQ&lc=UgxAbc',
    ]);
    expect(links[0]).toHaveTextContent('my finvo withdrawal is stuck <b>again</b>');
    expect(links[0]).toHaveTextContent('Assigned to you · reply due in 5 h');
    expect(links[1]).toHaveTextContent('@viewer · YouTube');
    expect(links[1]).toHaveTextContent('Overdue · overdue by 3 h');
  });

  it('says when there is nothing to do, and shows nothing without a team server', async () => {
    renderQueue({ generatedAt: NOW.toISOString(), items: [] });
    expect(await screen.findByTestId('rt-queue-empty')).toHaveTextContent('Nothing assigned to you');
    cleanup();
    renderQueue(null);
    await screen.findByTestId('rt-counts');
    expect(screen.queryByTestId('rt-queue')).toBeNull();
  });
});
