/**
 * The extension's cost on long pages, in real Chromium with the built extension, each scenario paired
 * with the same page in a second Chromium without the extension, in the same run (issue 10). Read
 * through the DevTools protocol: Performance.getMetrics (ScriptDuration, TaskDuration, JSHeapUsedSize
 * after HeapProfiler.collectGarbage), Memory.getDOMCounters (live DOM nodes after GC: an element the
 * page dropped but we keep is still counted), long tasks from a PerformanceObserver in the page.
 *
 *   npx tsx bench/browser.ts            (builds the extension first unless BENCH_SKIP_BUILD=1)
 *   BENCH_BROWSER_REPS=5 npx tsx bench/browser.ts
 *   BENCH_PROFILE=1 npx tsx bench/browser.ts   also prints where the extension's scripting goes (CPU
 *                                              profile of the first run with it, self time by function;
 *                                              a built-in with its caller). Build with RT_NO_MINIFY=1
 *                                              for readable function names.
 *   BENCH_TRACE=1 npx tsx bench/browser.ts   a timeline trace of each scenario's first run with and
 *                                              without the extension: the renderer main thread's self
 *                                              time per event (layout, style, observers, GC, script).
 *   BENCH_BROWSER_BEFORE=/tmp/old/chrome-mv3 npx tsx bench/browser.ts
 *                                              also runs an earlier build (a copy of .output-e2e/chrome-mv3)
 *                                              in every rep, interleaved with the two others, so a change
 *                                              is judged before → after against the same page runs.
 */
import { execSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { BUNDLE_BUDGETS_KB } from '../lib/perf/bundle-budgets';
import { EXTENSION_DIR, launchChromium, PRODUCTION_DIR } from '../tests/e2e/harness/extension';
import { serveFakeX } from '../tests/e2e/harness/x-site';
import { serveFakeYoutube } from '../tests/e2e/harness/youtube-site';
import { FIXTURE as X } from '../tests/fixtures/x/routes';
import { FIXTURE as YT } from '../tests/fixtures/youtube/routes';
import { printPageProfile } from './cpu-profile';
import { figure } from './record';
import { stats } from './stats';
import { endTrace, printTraceDiff, startTrace } from './trace';

const SECTION = 'browser';
const REPS = Number(process.env.BENCH_BROWSER_REPS ?? 3);
/** An earlier build to measure beside the current one, in the same reps (before → after). */
const BEFORE_DIR = process.env.BENCH_BROWSER_BEFORE;

interface DriveOptions {
  kind: 'feed' | 'shorts';
  /** The element the items are appended to. */
  list: string;
  /** One item (a direct child of `list`). */
  item: string;
  ids: 'x' | 'youtube';
  total: number;
  batch: number;
  /** Virtualised: only this many items stay in the DOM. */
  keep?: number;
  settleMs: number;
}

interface Scenario {
  name: string;
  /** What an item is, for "per tweet" / "per comment thread". */
  unit: string;
  url: string;
  /** Ready to grow: the page's own items are all there. */
  ready: string;
  drive: DriveOptions;
}

const SCENARIOS: Scenario[] = [
  {
    name: 'x.com timeline, 2,000 tweets in batches of 20',
    unit: 'tweet',
    url: X.home.url,
    ready: `document.querySelectorAll('article[data-testid="tweet"]').length >= ${X.home.tweetCount}`,
    drive: {
      kind: 'feed',
      list: '[aria-label^="Timeline:"] > div',
      item: '[data-testid="cellInnerDiv"]',
      ids: 'x',
      total: 2000,
      batch: 20,
      settleMs: 500,
    },
  },
  {
    name: 'x.com virtualised timeline (40 cells kept), 2,000 tweets',
    unit: 'tweet',
    url: X.home.url,
    ready: `document.querySelectorAll('article[data-testid="tweet"]').length >= ${X.home.tweetCount}`,
    drive: {
      kind: 'feed',
      list: '[aria-label^="Timeline:"] > div',
      item: '[data-testid="cellInnerDiv"]',
      ids: 'x',
      total: 2000,
      batch: 20,
      keep: 40,
      settleMs: 500,
    },
  },
  ...(
    [
      ['YouTube watch page, 1,000 comment threads (view-model layout)', YT.watch],
      ['YouTube watch page, 1,000 comment threads (legacy layout)', YT.legacy],
    ] as const
  ).map(([name, page]) => ({
    name,
    unit: 'comment thread',
    url: page.url,
    ready: `document.querySelectorAll('ytd-comments #sections > #contents > ytd-comment-thread-renderer').length >= ${page.threadCount}`,
    drive: {
      kind: 'feed' as const,
      list: 'ytd-comments #sections > #contents',
      item: 'ytd-comment-thread-renderer',
      ids: 'youtube' as const,
      total: 1000,
      batch: 20,
      settleMs: 500,
    },
  })),
  {
    name: 'YouTube Shorts feed, 200 Shorts',
    unit: 'Short',
    url: YT.shorts.url,
    ready: `document.querySelector('ytd-reel-video-renderer[is-active]') !== null`,
    drive: {
      kind: 'shorts',
      list: '#shorts-inner-container',
      item: 'ytd-reel-video-renderer',
      ids: 'youtube',
      total: 200,
      batch: 10,
      settleMs: 500,
    },
  },
];

interface Sample {
  scriptMs: number;
  taskMs: number;
  /** Where the rest of the task time went: layout and style recalculation (thread time). */
  layoutMs: number;
  styleMs: number;
  /** JS heap after GC, end minus start of the scenario. */
  heapGrowthMB: number;
  /** Live DOM nodes after GC at the end. */
  nodes: number;
  longTasks: number[];
  /** Longest batch: the page's append plus the observers it woke, before rendering. */
  maxBatchMs: number;
}

const DRIVER = readFileSync(new URL('./browser-driver.js', import.meta.url), 'utf8').replace(
  'export async function drivePage',
  'async function drivePage',
);

async function metrics(cdp: CDPSession): Promise<Record<string, number>> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(metrics.map((m) => [m.name, m.value]));
}

async function collectGarbage(cdp: CDPSession): Promise<void> {
  // Twice: the first pass can leave objects only reachable from finalisers of the first.
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
}

async function runOnce(
  context: BrowserContext,
  withExtension: boolean,
  s: Scenario,
  profile: boolean,
): Promise<Sample> {
  const page: Page = await context.newPage();
  try {
    await page.goto(s.url, { waitUntil: 'load' });
    await page.waitForFunction(s.ready, undefined, { timeout: 30_000 });
    if (withExtension) {
      await page.waitForFunction(() => document.querySelector('reply-tracker-sidebar') !== null, undefined, {
        timeout: 30_000,
      });
    }
    // Both variants get the same quiet second, so the extension's start-up is over before we measure.
    await page.waitForTimeout(1000);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
    await collectGarbage(cdp);
    const m0 = await metrics(cdp);
    // The first run with the extension, and the first without it for comparison (the page's own work).
    const profileKey = `${s.name}${withExtension ? '' : ' (without the extension)'}`;
    const profiling = (profile || !withExtension) && PROFILE && !profiled.has(profileKey);
    if (profiling) {
      profiled.add(profileKey);
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
      await cdp.send('Profiler.start');
    }
    const tracing = TRACE && !traced.has(profileKey);
    if (tracing) await startTrace(cdp);
    const result = (await page.evaluate(`(${DRIVER})(${JSON.stringify(s.drive)})`)) as {
      batches: number[];
      long: number[];
    };
    if (profiling) printPageProfile(profileKey, (await cdp.send('Profiler.stop')).profile);
    if (tracing) {
      traced.set(profileKey, await endTrace(cdp));
      const withExt = traced.get(s.name);
      const without = traced.get(`${s.name} (without the extension)`);
      if (withExt && without) printTraceDiff(s.name, withExt, without);
    }
    await collectGarbage(cdp);
    const m1 = await metrics(cdp);
    const dom = await cdp.send('Memory.getDOMCounters');
    await cdp.detach();
    return {
      scriptMs: ((m1.ScriptDuration ?? 0) - (m0.ScriptDuration ?? 0)) * 1000,
      taskMs: ((m1.TaskDuration ?? 0) - (m0.TaskDuration ?? 0)) * 1000,
      layoutMs: ((m1.LayoutDuration ?? 0) - (m0.LayoutDuration ?? 0)) * 1000,
      styleMs: ((m1.RecalcStyleDuration ?? 0) - (m0.RecalcStyleDuration ?? 0)) * 1000,
      heapGrowthMB: ((m1.JSHeapUsedSize ?? 0) - (m0.JSHeapUsedSize ?? 0)) / 2 ** 20,
      nodes: dom.nodes,
      longTasks: result.long,
      maxBatchMs: Math.max(...result.batches),
    };
  } finally {
    await page.close();
  }
}

const PROFILE = process.env.BENCH_PROFILE === '1';
const profiled = new Set<string>();
/** BENCH_TRACE=1: a timeline trace of each scenario's first run with and without the extension. */
const TRACE = process.env.BENCH_TRACE === '1';
const traced = new Map<string, Map<string, number>>();

const median = (xs: number[]) => stats(xs).median;

/**
 * Rep by rep (run i with the extension against run i without it): the added scripting per item and
 * the added task time, as median and range, so a reader can tell a change from this machine's noise.
 */
function pairs(n: number, withExt: Sample[], without: Sample[]): { perItem: number[]; taskPct: number[] } {
  const k = Math.min(withExt.length, without.length);
  const perItem: number[] = [];
  const taskPct: number[] = [];
  for (let i = 0; i < k; i++) {
    perItem.push((withExt[i]!.scriptMs - without[i]!.scriptMs) / n);
    taskPct.push(((withExt[i]!.taskMs - without[i]!.taskMs) / without[i]!.taskMs) * 100);
  }
  return { perItem, taskPct };
}

const spread = (xs: number[], digits: number) =>
  `${median(xs).toFixed(digits)} (${Math.min(...xs).toFixed(digits)} to ${Math.max(...xs).toFixed(digits)})`;

/** One line per build for the console: what `report` records, plus each pair's spread. */
function summarise(label: string, s: Scenario, withExt: Sample[], without: Sample[]): void {
  const p = pairs(s.drive.total, withExt, without);
  const added = (f: (x: Sample) => number) => median(withExt.map(f)) - median(without.map(f));
  console.log(
    `  ${label}: scripting per ${s.unit} ${spread(p.perItem, 4)} ms, task time ${spread(p.taskPct, 1)} %, heap +${added((x) => x.heapGrowthMB).toFixed(2)} MB, DOM +${added((x) => x.nodes).toFixed(0)}, longest batch ${median(withExt.map((x) => x.maxBatchMs)).toFixed(0)} ms (without ${median(without.map((x) => x.maxBatchMs)).toFixed(0)})`,
  );
}

function report(s: Scenario, withExt: Sample[], without: Sample[]): void {
  const n = s.drive.total;
  const pick = (xs: Sample[], f: (x: Sample) => number) => median(xs.map(f));
  const script = pick(withExt, (x) => x.scriptMs);
  const scriptBase = pick(without, (x) => x.scriptMs);
  const task = pick(withExt, (x) => x.taskMs);
  const taskBase = pick(without, (x) => x.taskMs);
  const reps = `median of ${withExt.length} paired runs`;
  const p = pairs(n, withExt, without);
  figure({
    section: SECTION,
    name: `${s.name}: extension scripting per ${s.unit}`,
    value: (script - scriptBase) / n,
    unit: 'ms',
    budget: { max: 0.02 },
    baseline: scriptBase / n,
    note: `ScriptDuration with ${script.toFixed(0)} ms, without ${scriptBase.toFixed(0)} ms (${reps}); baseline is the page's own scripting per ${s.unit}; pair by pair ${spread(p.perItem, 4)} ms`,
  });
  figure({
    section: SECTION,
    name: `${s.name}: added main-thread task time`,
    value: ((task - taskBase) / taskBase) * 100,
    unit: '%',
    budget: { max: 2 },
    note: `TaskDuration with ${task.toFixed(0)} ms, without ${taskBase.toFixed(0)} ms (${reps}); pair by pair ${spread(p.taskPct, 1)} %`,
  });
  const longest = (xs: Sample[]) => median(xs.map((x) => x.maxBatchMs));
  figure({
    section: SECTION,
    name: `${s.name}: longest batch (append + observers)`,
    value: longest(withExt),
    unit: 'ms',
    // Our share of the longest piece of script may be at most 50 ms.
    budget: { max: longest(without) + 50 },
    baseline: longest(without),
    note: `long tasks over 50 ms: ${median(withExt.map((x) => x.longTasks.length))} with, ${median(without.map((x) => x.longTasks.length))} without (${reps})`,
  });
  figure({
    section: SECTION,
    name: `${s.name}: added JS heap after GC`,
    value: pick(withExt, (x) => x.heapGrowthMB) - pick(without, (x) => x.heapGrowthMB),
    unit: 'MB',
    budget: { max: 2 },
    note: `heap growth over the scenario with the extension minus without (${reps})`,
  });
  figure({
    section: SECTION,
    name: `${s.name}: added live DOM nodes after GC`,
    value: pick(withExt, (x) => x.nodes) - pick(without, (x) => x.nodes),
    unit: 'nodes',
    budget: { max: 1000 },
    baseline: pick(without, (x) => x.nodes),
    note: `Memory.getDOMCounters after GC; includes the sidebar and every badge or picker (${reps})`,
  });
}

/** Bundle sizes as shipped: what every x.com / YouTube page loads before anything else. */
function reportBundles(): void {
  const kb = (file: string) => statSync(join(PRODUCTION_DIR, file)).size / 1024;
  for (const { file, maxKB, what } of BUNDLE_BUDGETS_KB) {
    figure({
      section: SECTION,
      name: `bundle: ${what}`,
      value: kb(file),
      unit: 'KB',
      budget: { max: maxKB },
    });
  }
}

/**
 * Runs in the page from its first byte (addInitScript): when the page's post is first in the DOM, and
 * when the sidebar (open shadow root) first shows a post. Observers, not polling, so the times are the
 * DOM's own; the page's world cannot see our isolated world, only the DOM both share.
 */
// Plain JavaScript in a string: tsx would add helpers (__name) to a serialised TypeScript function.
const STARTUP_PROBE = `(postSelector) => {
  const t = { post: null, shown: null };
  window.__rtStartup = t;
  let watchingSidebar = false;
  const watchSidebar = (root) => {
    const seen = () => {
      if (t.shown === null && root.querySelector('[data-testid="rt-post"]')) t.shown = performance.now();
    };
    new MutationObserver(seen).observe(root, { childList: true, subtree: true });
    seen();
  };
  new MutationObserver(() => {
    if (t.post === null && document.querySelector(postSelector)) t.post = performance.now();
    const host = document.querySelector('reply-tracker-sidebar');
    if (!watchingSidebar && host && host.shadowRoot) {
      watchingSidebar = true;
      watchSidebar(host.shadowRoot);
    }
  }).observe(document, { childList: true, subtree: true });
}`;

const STARTUP_PAGES = [
  { name: 'x.com status page', url: X.status.url, post: 'article[data-testid="tweet"][tabindex="-1"]' },
  { name: 'YouTube watch page', url: YT.watch.url, post: 'ytd-watch-metadata' },
] as const;

/**
 * Issue 10: the sidebar shows the page's thread ≤ 150 ms after the page's post is in the DOM. Measured in
 * one browser that has loaded the site once (an ambassador's browser is warm), over fresh tabs. The
 * baseline is the page's own time from navigation to its post in the DOM, for scale.
 */
async function measureStartup(): Promise<void> {
  const runs = Number(process.env.BENCH_STARTUP_RUNS ?? 7);
  const browser = await launchChromium(true);
  try {
    await serveFakeX(browser.context);
    await serveFakeYoutube(browser.context);
    for (const target of STARTUP_PAGES) {
      const after: number[] = [];
      const postAt: number[] = [];
      for (let i = 0; i <= runs; i++) {
        const page = await browser.context.newPage();
        try {
          await page.addInitScript(`(${STARTUP_PROBE})(${JSON.stringify(target.post)})`);
          await page.goto(target.url, { waitUntil: 'commit' });
          const t = (await (
            await page.waitForFunction(
              () => {
                const s = (
                  window as unknown as { __rtStartup?: { post: number | null; shown: number | null } }
                ).__rtStartup;
                return s && s.post !== null && s.shown !== null ? s : null;
              },
              undefined,
              { timeout: 30_000, polling: 50 },
            )
          ).jsonValue()) as { post: number; shown: number };
          // The first load warms the browser (service worker, caches): not counted.
          if (i > 0) {
            after.push(t.shown - t.post);
            postAt.push(t.post);
          }
        } finally {
          await page.close();
        }
      }
      const s = stats(after);
      figure({
        section: SECTION,
        name: `start-up: ${target.name}, sidebar shows the thread after the post is in the DOM (median)`,
        value: s.median,
        unit: 'ms',
        // Issue 10 asked for ≤ 150 ms; measured 54 / 23 ms (x.com / YouTube), so tightened to 100.
        budget: { max: 100 },
        baseline: stats(postAt).median,
        note: `${runs} fresh tabs in a warm browser; max ${Math.max(...after).toFixed(0)} ms; baseline: the page's own navigation → post in the DOM`,
      });
    }
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  // Sizes are the installed build's; the browser runs load the e2e flavour, the same extension but for
  // its open sidebar shadow root, which the start-up probe reads from a page script.
  for (const [dir, env] of [
    [PRODUCTION_DIR, {}],
    [EXTENSION_DIR, { RT_E2E: '1' }],
  ] as const) {
    if (process.env.BENCH_SKIP_BUILD !== '1' || !existsSync(join(dir, 'manifest.json'))) {
      console.log(`building the extension (npx wxt build${'RT_E2E' in env ? ', e2e flavour' : ''})…`);
      execSync('npx wxt build', { stdio: 'ignore', env: { ...process.env, ...env } });
    }
  }
  reportBundles();
  if (!process.env.BENCH_BROWSER_ONLY || process.env.BENCH_BROWSER_ONLY === 'start-up')
    await measureStartup();
  const only = process.env.BENCH_BROWSER_ONLY;
  for (const s of SCENARIOS.filter((x) => !only || x.name.includes(only))) {
    const withExt: Sample[] = [];
    const before: Sample[] = [];
    const without: Sample[] = [];
    type Variant = 'with' | 'before' | 'without';
    const variants: Variant[] = BEFORE_DIR ? ['with', 'before', 'without'] : ['with', 'without'];
    // Rotate which browser goes first, so a busy moment on the machine does not favour one side.
    for (let rep = 0; rep < REPS; rep++) {
      const order = rep % 2 === 0 ? variants : [...variants].reverse();
      for (const v of BEFORE_DIR ? [...order.slice(rep % 3), ...order.slice(0, rep % 3)] : order) {
        const ext = v !== 'without';
        const browser = await launchChromium(ext, undefined, v === 'before' ? BEFORE_DIR : EXTENSION_DIR);
        try {
          await serveFakeX(browser.context);
          await serveFakeYoutube(browser.context);
          const sample = await runOnce(browser.context, ext, s, v === 'with');
          ({ with: withExt, before, without })[v].push(sample);
        } finally {
          await browser.close();
        }
      }
    }
    console.log(`${s.name}:`);
    const show = (xs: Sample[]) =>
      JSON.stringify(xs.map(({ longTasks, ...x }) => ({ ...x, long: longTasks.length })));
    console.log(`  with    ${show(withExt)}`);
    if (BEFORE_DIR) console.log(`  before  ${show(before)}`);
    console.log(`  without ${show(without)}`);
    if (BEFORE_DIR) summarise('before', s, before, without);
    summarise(BEFORE_DIR ? 'after ' : 'with  ', s, withExt, without);
    report(s, withExt, without);
  }
}

await main();
