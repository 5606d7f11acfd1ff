import type { Page } from 'playwright-core';
import { SETTLED_ANSWER, SETTLED_ASK, type SettledState } from '../../../lib/content/settled';

/**
 * Asks the page's content script (the e2e build answers; lib/content/settled.ts) what its capture
 * pipeline still has to do. Undefined while no content script is there to answer (the page is loading).
 */
export async function pipelineState(page: Page): Promise<SettledState | undefined> {
  const json = await page.evaluate(
    ([ask, answer]) => {
      let detail: string | undefined;
      const listener = (e: Event) => {
        detail = (e as CustomEvent<string>).detail;
      };
      document.addEventListener(answer!, listener);
      // Answered within this dispatch: DOM events reach the content script's world and back at once.
      document.dispatchEvent(new CustomEvent(ask!));
      document.removeEventListener(answer!, listener);
      return detail;
    },
    [SETTLED_ASK, SETTLED_ANSWER],
  );
  return json === undefined ? undefined : (JSON.parse(json) as SettledState);
}

/**
 * Waits until the page is settled: every call the page made to the platform has been judged, every
 * DOM signal decided, every like settled, every confirmed action stored, no sidebar action (track,
 * stop tracking, suggest) on its way, and a shortcut press would be taken as a new one. From then on
 * nothing more is logged of what the page has shown so far, so a count read now is final for it — what
 * the fixed sleeps past every fallback window used to stand for, without the sleeping. `health`: the page's
 * health checks (two passes, 2 s apart, after each load; lib/health/monitor.ts) must have run and been
 * reported too.
 */
export async function settled(
  page: Page,
  {
    health = false,
    seen,
    timeoutMs = 30_000,
  }: {
    health?: boolean;
    /** Wait first until these tallies reach at least these totals (say, `{ answers: 2 }`). */
    seen?: Record<string, number>;
    timeoutMs?: number;
  } = {},
): Promise<void> {
  const until = Date.now() + timeoutMs;
  let state: SettledState | undefined;
  const done = (s: SettledState) =>
    Object.entries(s.pending).every(([part, n]) => n === 0 || (part === 'health' && !health)) &&
    Object.entries(seen ?? {}).every(([name, n]) => (s.seen[name] ?? 0) >= n);
  for (;;) {
    state = await pipelineState(page);
    if (state && done(state)) return;
    if (Date.now() > until) break;
    await page.waitForTimeout(50);
  }
  throw new Error(
    `the page did not settle in ${timeoutMs} ms: ${JSON.stringify(state ?? 'no content script')}`,
  );
}

/**
 * A running total of the page's content script now (say, `inputs`: clicks the sidebar's manager-only
 * buttons have judged; `layout`: layout passes done), to wait past with `settled(page, { seen })` once
 * the test has done what the content script must handle.
 */
export async function tallied(page: Page, name: string): Promise<number> {
  const n = (await pipelineState(page))?.seen[name];
  if (n === undefined) throw new Error(`the page's content script keeps no '${name}' tally (is it up?)`);
  return n;
}
