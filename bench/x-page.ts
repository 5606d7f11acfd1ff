/** x.com page model and watcher costs; run by `npm run bench` or directly with `npx tsx bench/x-page.ts`. */

import { JSDOM } from 'jsdom';
import { findTweets, readTweet } from '../lib/platforms/x/page';
import { createXWatcher } from '../lib/platforms/x/watcher';
import { buildLongTimeline } from '../tests/fixtures/x/routes';
import { stats } from './stats';

const ms = (n: number) => `${n.toFixed(3)} ms`;

export async function benchXPage(): Promise<void> {
  const html = buildLongTimeline();
  const dom = new JSDOM(html);
  const doc = dom.window.document;
  const tweets = findTweets(doc);
  const reads: number[] = [];
  for (let round = 0; round < 5; round++) {
    for (const a of tweets) {
      const t0 = performance.now();
      readTweet(a);
      reads.push(performance.now() - t0);
    }
  }
  const r = stats(reads);
  console.log(`x.com page model: readTweet over ${tweets.length} tweets x5 (jsdom)`);
  console.log(`  per tweet: median ${ms(r.median)}, p95 ${ms(r.p95)}, max ${ms(r.max)}`);
}

/** The observer's cost per screenful as the timeline scrolls, on a short and a long page: it should not grow. */
export async function benchXWatcher(): Promise<void> {
  for (const copies of [1, 10]) {
    const doc = new JSDOM(buildLongTimeline(copies)).window.document;
    const size = findTweets(doc).length;
    let seen = 0;
    const watcher = createXWatcher(doc, { onTweet: () => seen++ });
    const cells = Array.from(doc.querySelectorAll('[data-testid="cellInnerDiv"]')).slice(0, 10);
    const list = cells[0]!.parentElement!;
    const batches: number[] = [];
    for (let i = 0; i < 30; i++) {
      const before = seen;
      const clones = cells.map((c) => c.cloneNode(true));
      const t0 = performance.now();
      for (const c of clones) list.appendChild(c);
      await new Promise((r) => setTimeout(r, 0));
      batches.push(performance.now() - t0);
      if (seen === before) throw new Error('the watcher reported no new tweets for an appended batch');
    }
    watcher.disconnect();
    const b = stats(batches);
    console.log(
      `x.com watcher: 30 batches of 10 appended rows on a ${size}-tweet page (jsdom, incl. jsdom's own DOM work)`,
    );
    console.log(`  per batch: median ${ms(b.median)}, p95 ${ms(b.p95)}, max ${ms(b.max)}`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await benchXPage();
  await benchXWatcher();
}
