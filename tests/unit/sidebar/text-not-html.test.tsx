import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { Sidebar } from '../../../components/sidebar/Sidebar';
import { createSidebarStore } from '../../../lib/sidebar/store';
import { FakeServices, makeEvent, makeThread, NOW, statusContext } from './fakes';

afterEach(cleanup);

/** Markup a page author or a member could put in any text the sidebar shows. */
const HOSTILE = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script><b>bold</b>';

describe('the sidebar shows page and member text as text', () => {
  it('a post author, post text, team note, who replied and my reply: all text, no element made', async () => {
    const services = new FakeServices();
    services.threads = [
      makeThread({ note: HOSTILE, repliedBy: [HOSTILE], author: HOSTILE, excerpt: HOSTILE }),
    ];
    services.events = [makeEvent({ action: 'reply', replyText: HOSTILE, targetAuthor: HOSTILE })];
    const store = createSidebarStore(services, { now: () => NOW });
    store.getState().setContext(statusContext({ author: HOSTILE, text: HOSTILE }), 'status');
    const { container } = render(<Sidebar store={store} requireTrustedEvents={false} />);

    await screen.findByText('Tracked by your team');
    await screen.findAllByTestId('rt-event');
    // The payload is on screen, as characters…
    expect(container.textContent?.split(HOSTILE).length ?? 0).toBeGreaterThanOrEqual(4);
    // …and none of its tags became an element, nor did any attribute handler.
    expect(container.querySelector('img, script, b')).toBeNull();
    expect(container.querySelector('[onerror]')).toBeNull();
    expect((window as { __pwned?: number }).__pwned).toBeUndefined();
  });
});
