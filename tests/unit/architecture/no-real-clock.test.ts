// @vitest-environment node
/**
 * No unit test sleeps on the real clock (issue 11): a test that waits "a few milliseconds" for
 * something to have happened is slow when it passes and flaky when the machine is busy. Time is moved
 * by hand instead (vi's fake timers, tests/unit/platforms/manual-clock.ts, a component's injected
 * timers), promises are awaited, and where a test must let queued work run it takes one turn of the
 * event loop (tests/unit/event-loop.ts `nextTurn`, no clock involved). Waiting for a condition
 * (`vi.waitFor`, Testing Library's `waitFor`) is not sleeping and stays allowed.
 *
 * Exempt only what measures the real clock's own behaviour, each with why (ALLOWED below).
 */
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeLines, listSourceFiles } from './source-text';

const ROOT = resolve(__dirname, '../../..');
const DIRS = ['tests/unit', 'tests/integration'];
const ALLOWED: Record<string, string> = {
  // Samples /health every 100 ms while a retraining runs: the server answering meanwhile, on the real
  // clock, is what is tested.
  'tests/integration/server/classifier.test.ts': 'samples the server on the real clock during a retraining',
  // A 0 ms timer set as the export starts must run before its last row: the event loop not starved by
  // the stream is what is tested, and only a real timer can show it.
  'tests/integration/server/export.test.ts': 'a real timer is the probe of event-loop fairness',
  // Its own examples of what it catches, as strings (they were hidden before only because the scanner's
  // code, then in this file, held a '/*' in a string that read as a comment to the end of the file).
  'tests/unit/architecture/no-real-clock.test.ts': 'the sleeps it must catch, as examples',
};

/** A call of the real timers: `setTimeout(`, `window.setTimeout(`, `globalThis.setInterval(`… */
const REAL_TIMER = /(?:^|[^.\w$])(?:(?:globalThis|window|self|global)\s*\.\s*)?(setTimeout|setInterval)\s*\(/;
/** Sleep helpers by their usual names, and the browser driver's fixed wait. */
const SLEEP = /\b(?:sleep|delay|wait(?:ForTimeout)?)\s*\(\s*\d/;

/** Each line that sleeps on the real clock, as `file:line: text`; comments are not code. */
function realClockSleeps(file: string, text: string): string[] {
  return codeLines(text)
    .filter(({ code }) => REAL_TIMER.test(code) || SLEEP.test(code))
    .map(({ raw, number }) => `${file}:${number}: ${raw.trim()}`);
}

describe('unit tests and the real clock', () => {
  it('no unit or integration test sleeps on it', () => {
    const offenders = DIRS.flatMap((d) => listSourceFiles(resolve(ROOT, d)))
      .map((path) => relative(ROOT, path))
      .filter((file) => !(file in ALLOWED))
      .flatMap((file) => realClockSleeps(file, readFileSync(resolve(ROOT, file), 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('would catch the usual ways of sleeping, and not the injected or hand-moved clocks', () => {
    const sleeps = [
      'await new Promise((r) => setTimeout(r, 5));',
      'const settle = () => new Promise((resolve) => setTimeout(resolve, 0));',
      '  window.setTimeout(done, 20);',
      'const poll = setInterval(check, 50);',
      'await sleep(100);',
      'await page.waitForTimeout(300);',
    ];
    const fine = [
      'time.timers.setTimeout(() => seen.push(1), 600);',
      'setTimeout: (fn, ms) => due.set(id, { at: t + ms, fn }),',
      'await vi.advanceTimersByTimeAsync(1_000);',
      'await vi.waitFor(() => expect(signals).toHaveLength(2));',
      'await nextTurn();',
      '// we used to setTimeout(r, 5) here',
      'clock.setTimeout(() => {}, 10);',
    ];
    expect(sleeps.map((l) => realClockSleeps('x.ts', l).length)).toEqual(sleeps.map(() => 1));
    expect(fine.flatMap((l) => realClockSleeps('x.ts', l))).toEqual([]);
  });
});
