import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE as X } from '../../fixtures/x/routes';
import { FIXTURE as YT } from '../../fixtures/youtube/routes';
import { seriousViolations } from './axe';
import { eventually } from './idb';
import { startTeamServer, type TeamServer } from './server';
import { connectTo, extensionSession } from './session';

export type State = 'not connected' | 'ambassador' | 'manager' | 'lead' | 'signed out';

/**
 * axe-core over every surface a person works in, in each theme, for each of these states of the
 * extension (tests/e2e/accessibility-*.test.ts split the states between them so each file is about
 * as long): the sidebar on x.com (light, dim, dark) and on YouTube (light, dark), the popup and the
 * options page (light, dark). Any serious or critical violation fails. `not connected` must come first.
 */
export function describeAxeStates(states: readonly State[]): void {
  let server: TeamServer;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    server = await startTeamServer();
    tokens.ambassador = await server.addMember('amber', 'ambassador');
    tokens.manager = await server.addMember('maria', 'manager');
    tokens.lead = await server.addMember('lena', 'lead');
    tokens.revoked = await server.addMember('sam', 'ambassador');
    // Something for the manager's and the lead's views to show.
    const tracked = await server.api(tokens.manager, 'POST', '/threads', {
      platform: 'x',
      url: X.status2.url,
      canonicalId: X.status2.focusedStatusId,
      author: X.status2.handle,
      category: 'support_needed',
      note: 'Calm, first-hand answers only',
    });
    expect(tracked.status).toBe(201);
    const suggested = await server.api(tokens.ambassador, 'POST', '/suggestions', {
      platform: 'x',
      url: X.status.url,
      canonicalId: X.status.focusedStatusId,
      author: X.status.handle,
      category: 'trust_doubt',
      note: 'People are piling on',
    });
    expect(suggested.status).toBe(201);
  });
  afterAll(async () => server?.dispose());

  const session = extensionSession({ x: true, youtube: true });
  const SIDEBAR = 'reply-tracker-sidebar';
  const extensionUrl = (path: string) => `chrome-extension://${session.browser.extensionId}/${path}`;

  async function sidebarReady(p: Page) {
    await p.getByTestId('rt-sidebar').waitFor();
    await expect.poll(() => p.getByTestId('rt-tracked-status').getAttribute('aria-busy')).toBe('false');
  }

  /** Puts the extension in this state, the way a person gets there. */
  async function enter(state: State): Promise<void> {
    if (state === 'not connected') return;
    if (state !== 'signed out') {
      await connectTo(session.browser, server.url, tokens[state]!);
      return;
    }
    await connectTo(session.browser, server.url, tokens.revoked!);
    expect((await server.api(tokens.lead!, 'POST', '/members/sam/revoke')).status).toBe(200);
    const popup = await session.browser.context.newPage();
    await popup.goto(extensionUrl('popup.html'));
    // The open sidebar tab may already have met the revoked token (then Sync now is off); else sync.
    const reached = await eventually(
      async () => {
        const syncNow = popup.getByTestId('sync-now');
        if ((await syncNow.count()) > 0 && (await syncNow.isEnabled())) await syncNow.click();
        return popup.getByTestId('sync-connected').getAttribute('data-state');
      },
      (s) => s === 'signed-out',
      15_000,
    );
    expect(reached).toBe('signed-out');
    await popup.close();
  }

  describe.each<State>([...states])('axe-core finds no serious or critical violation, %s', (state) => {
    beforeAll(() => enter(state));

    it.each(['light', 'dim', 'dark'])('in the sidebar on x.com, %s theme', async (theme) => {
      const { page } = session;
      await page.goto(`${X.status.url}?theme=${theme}`);
      await sidebarReady(page);
      await expect.poll(() => page.getByTestId('rt-sidebar').getAttribute('data-theme')).toBe(theme);
      // The playbook (templates, Insert and Copy) is part of what is checked.
      await page.getByTestId('rt-playbook').waitFor();
      expect(await seriousViolations(page, SIDEBAR)).toEqual([]);
      // The open form too: Track for whoever may track, Suggest for an ambassador.
      const track = page.getByTestId('rt-track');
      const opener = (await track.count()) > 0 ? track : page.getByTestId('rt-suggest');
      if ((await opener.count()) > 0) {
        await opener.click();
        await page.locator('[data-testid="rt-track-form"], [data-testid="rt-suggest-form"]').waitFor();
        expect(await seriousViolations(page, SIDEBAR)).toEqual([]);
      }
      // A tracked thread (status line, SLA, note) as well.
      await page.goto(`${X.status2.url}?theme=${theme}`);
      await sidebarReady(page);
      expect(await seriousViolations(page, SIDEBAR)).toEqual([]);
    });

    it.each(['light', 'dark'] as const)('in the sidebar on youtube.com, %s page', async (scheme) => {
      const { page } = session;
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(YT.watch.url);
      await page.evaluate((dark) => {
        if (dark) document.documentElement.setAttribute('dark', '');
      }, scheme === 'dark');
      await sidebarReady(page);
      expect(await seriousViolations(page, SIDEBAR)).toEqual([]);
    });

    it.each(['light', 'dark'] as const)('in the popup and the options page, %s', async (scheme) => {
      const { page } = session;
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(extensionUrl('popup.html'));
      await page.getByTestId('sync-connected').waitFor();
      if (state === 'manager' || state === 'lead') await page.getByTestId('team-view').waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      await page.goto(extensionUrl('options.html'));
      await page.getByTestId('options-status').waitFor();
      if (state === 'manager' || state === 'lead') await page.getByTestId('pb-editor').waitFor();
      expect(await seriousViolations(page)).toEqual([]);
    });
  });
}
