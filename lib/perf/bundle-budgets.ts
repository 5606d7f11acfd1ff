/**
 * What every x.com / YouTube page loads from us before anything else (issue 10), in KB as shipped in
 * .output/chrome-mv3. Read by tests/e2e/bundle-size.test.ts (fails a build that grows past them) and by
 * `npm run bench` (bench/browser.ts, the figures table). Sizes, not times: safe to assert in a test.
 */
export const BUNDLE_BUDGETS_KB = [
  { file: 'content-scripts/network.js', maxKB: 15, what: 'MAIN-world observer (x.com and YouTube)' },
  { file: 'content-scripts/channel.js', maxKB: 15, what: 'channel hand-over (document_start)' },
  { file: 'content-scripts/x.js', maxKB: 60, what: 'x.com isolated content script (first chunk)' },
  { file: 'content-scripts/youtube.js', maxKB: 60, what: 'YouTube isolated content script (first chunk)' },
] as const;
