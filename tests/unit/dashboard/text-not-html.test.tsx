import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { Dashboard } from '@/components/dashboard/Dashboard';
import { Options } from '@/components/options/Options';
import { createPagesStore } from '@/lib/pages/store';
import { createDashboardStore } from '@/lib/reports/store';
import { fakeServices as fakePageServices, status } from '../popup/fakes';
import { fakeReports, fakeServices } from './fakes';

afterEach(cleanup);

/** Markup a page author or a member could put in any text these pages show. */
const HOSTILE = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script><b>bold</b>';

function expectNoMarkup(container: HTMLElement) {
  expect(container.textContent).toContain(HOSTILE);
  expect(container.querySelector('img, script, b')).toBeNull();
  expect(container.querySelector('[onerror]')).toBeNull();
  expect((window as { __pwned?: number }).__pwned).toBeUndefined();
}

describe('page and member text is shown as text, never markup', () => {
  it('on the dashboard: post excerpts of narratives and overdue threads, who replied', async () => {
    const data = fakeReports();
    data.narratives.threads[0]!.excerpt = HOSTILE;
    const overdue = data.threads.overdue.threads[0]!;
    overdue.excerpt = HOSTILE;
    overdue.repliedBy = [HOSTILE];
    const store = createDashboardStore(fakeServices({ data }), {
      selection: { mode: 'month', month: '2026-11' },
    });
    const { container } = render(<Dashboard store={store} />);
    await screen.findByTestId('kpi-replies-value');
    await screen.findAllByText(HOSTILE, { exact: false });
    expectNoMarkup(container);
  });

  it('on the options page: the member name and the last sync error', async () => {
    const fake = fakePageServices(
      status({ member: { name: HOSTILE, role: 'manager' }, lastError: HOSTILE, errorKind: 'server' }),
    );
    const { container } = render(<Options store={createPagesStore(fake.services)} pollMs={60_000} />);
    await screen.findAllByText(HOSTILE, { exact: false });
    expectNoMarkup(container);
  });
});
