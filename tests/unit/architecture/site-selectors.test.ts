// @vitest-environment node
/**
 * The sites' markup is spelled in one place per site (issue 11): lib/platforms/x/selectors.ts and
 * lib/platforms/youtube/selectors.ts. When X or YouTube rename an element, that file (and the README's
 * "When X or YouTube change" table that points at it) is the whole change; a selector spelled anywhere
 * else is a place the next fix misses. This test reads lib/ and entrypoints/ as text and fails on a
 * string that names the sites' markup (X's `data-testid` hooks, YouTube's `ytd-`/`ytm-` elements and
 * `yt-…-renderer`/`-view-model` ones) outside those two files. Comments are not code.
 */
import { readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeLines, listSourceFiles } from './source-text';

const ROOT = resolve(__dirname, '../../..');
const DIRS = ['lib', 'entrypoints'];
const SELECTOR_MODULES = new Set(['lib/platforms/x/selectors.ts', 'lib/platforms/youtube/selectors.ts']);

/** Markup only the sites have: X's test-id hooks, YouTube's custom elements. */
const SITE_MARKUP = /\[\s*data-testid\b|\bytd-[a-z]|\bytm-[a-z]|\byt-[a-z-]+-(?:renderer|view-model)\b/;
/** String literals on a line: '…', "…" and `…` (a template's text, its ${…} parts included). */
const LITERAL = /'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|`(?:[^`\\]|\\.)*`/g;

/** Each line with a string naming the sites' markup, as `file:line: text`. */
function siteSelectors(file: string, text: string): string[] {
  // Only block comments are taken out first: a `//` inside a literal (a URL) is not a comment, and one
  // after the last literal cannot hold a literal.
  return codeLines(text, { lineComments: false })
    .filter(({ code }) => (code.match(LITERAL) ?? []).some((l) => SITE_MARKUP.test(l)))
    .map(({ raw, number }) => `${file}:${number}: ${raw.trim()}`);
}

describe("the sites' selectors live in their selectors modules", () => {
  it('no file of lib/ or entrypoints/ spells X or YouTube markup outside them', () => {
    const files = DIRS.flatMap((d) => listSourceFiles(join(ROOT, d)))
      .map((f) => relative(ROOT, f))
      .filter((f) => !SELECTOR_MODULES.has(f));
    expect(files.length).toBeGreaterThan(100);
    const found = files.flatMap((f) => siteSelectors(f, readFileSync(join(ROOT, f), 'utf8')));
    expect(found).toEqual([]);
  });

  it('the selectors modules are where the markup is (the check reads real files)', () => {
    for (const f of SELECTOR_MODULES) {
      expect(siteSelectors(f, readFileSync(join(ROOT, f), 'utf8')).length, f).toBeGreaterThan(3);
    }
  });

  it('would catch a selector spelled in place, and not a comment, an event name or a constant', () => {
    const hits = (code: string) => siteSelectors('x.ts', code);
    expect(hits(`const t = doc.querySelector('article[data-testid="tweet"]');`)).toHaveLength(1);
    expect(
      hits(['const rows = `${', 'SECTION} #contents > :not(ytd-continuation-item-renderer)`;'].join('')),
    ).toHaveLength(1);
    expect(hits(`el.closest("yt-lockup-view-model")`)).toHaveLength(1);
    expect(hits(`const c = doc.querySelector(COMMENT); // ytd-comment-view-model`)).toEqual([]);
    expect(hits(`/* [data-testid="tweet"] */ const a = 1;`)).toEqual([]);
    expect(hits(`const events = ['yt-navigate-finish', 'yt-page-data-updated'];`)).toEqual([]);
    expect(hits(` * X swaps the button's [data-testid], or the button itself`)).toHaveLength(0);
  });
});
