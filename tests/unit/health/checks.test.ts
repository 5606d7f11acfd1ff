import { describe, expect, it } from 'vitest';
import { checkPage, keyShape } from '../../../lib/health/checks';
import type { PageKind } from '../../../lib/platforms/types';
import { X_HEALTH, xDrift } from '../../../lib/platforms/x/health';
import { YOUTUBE_HEALTH, youtubeDrift } from '../../../lib/platforms/youtube/health';
import { xGraphqlFixtures } from '../../fixtures/x/graphql';
import { fixtureFile as xFile } from '../../fixtures/x/routes';
import { fixtureFile as ytFile } from '../../fixtures/youtube/routes';
import { youtubeiFixtures } from '../../fixtures/youtube/youtubei';

/*
 * The drift suite's unit half (issue 14): both adapters' declared dependencies against the fixture
 * pages as saved (healthy), as a site would break them (attributes renamed or removed), and as pages
 * that simply show nothing to check (empty timeline, loading, login wall), which must never fail.
 */

const parse = (html: string) => new DOMParser().parseFromString(html, 'text/html');
const failedX = (doc: Document, page: PageKind) =>
  checkPage(doc, 'x', page, X_HEALTH).failed.map((f) => f.check);
const failedYt = (doc: Document, page: PageKind) =>
  checkPage(doc, 'youtube', page, YOUTUBE_HEALTH).failed.map((f) => f.check);

/** A copy of a fixture with `edit` applied, as a site deploy would change it. */
function changed(html: string, edit: (doc: Document) => void): Document {
  const doc = parse(html);
  edit(doc);
  return doc;
}
const renameAttr = (doc: Document, selector: string, attr: string, value: string | null) => {
  for (const el of Array.from(doc.querySelectorAll(selector))) {
    if (value === null) el.removeAttribute(attr);
    else el.setAttribute(attr, value);
  }
};

describe('x.com: what counting depends on', () => {
  it.each<[string, PageKind]>([
    ['home.html', 'home'],
    ['status.html', 'status'],
    ['status-2.html', 'status'],
    ['status-template.html', 'status'],
    ['profile.html', 'profile'],
    ['search.html', 'search'],
    ['notifications.html', 'notifications'],
  ])('passes every check on the saved %s, and judges something there', (file, page) => {
    const verdict = checkPage(parse(xFile(file)), 'x', page, X_HEALTH);
    expect(verdict.failed).toEqual([]);
    expect(verdict.passed.length).toBeGreaterThan(0);
  });

  it.each<[string, (doc: Document) => void]>([
    [
      'an empty timeline',
      (d) =>
        d.querySelectorAll('[data-testid="cellInnerDiv"]').forEach((c) => {
          c.remove();
        }),
    ],
    [
      'a loading timeline',
      (d) =>
        d
          .querySelector('[data-testid="primaryColumn"]')
          ?.replaceChildren(Object.assign(d.createElement('div'), { role: 'progressbar' })),
    ],
    [
      'the login wall',
      (d) =>
        d.body.replaceChildren(
          Object.assign(d.createElement('div'), {
            innerHTML:
              '<div data-testid="login"><h1>Happening now</h1><a href="/i/flow/login">Sign in</a></div>',
          }),
        ),
    ],
  ])('raises nothing on %s', (_, edit) => {
    for (const page of ['home', 'status'] as const) {
      expect(failedX(changed(xFile('home.html'), edit), page)).toEqual([]);
    }
  });

  it.each<[string, (doc: Document) => void, string[]]>([
    [
      'like buttons renamed',
      (d) => renameAttr(d, '[data-testid="like"], [data-testid="unlike"]', 'data-testid', 'heart'),
      ['like-button'],
    ],
    [
      'reply buttons lose their test id',
      (d) => renameAttr(d, '[data-testid="reply"]', 'data-testid', null),
      ['reply-button'],
    ],
    [
      'tweets renamed to posts',
      (d) => renameAttr(d, 'article[data-testid="tweet"]', 'data-testid', 'post'),
      ['tweet'],
    ],
    [
      'time elements out of the permalinks',
      (d) =>
        d.querySelectorAll('time').forEach((t) => {
          t.replaceWith(d.createElement('span'));
        }),
      ['tweet-permalink'],
    ],
  ])('fails exactly the check behind it when %s', (_, edit, checks) => {
    expect(failedX(changed(xFile('home.html'), edit), 'home')).toEqual(checks);
  });

  it('fails the focused tweet on a status page whose focus marker is gone', () => {
    const doc = changed(xFile('status.html'), (d) =>
      renameAttr(d, 'article[tabindex="-1"]', 'tabindex', '0'),
    );
    expect(failedX(doc, 'status')).toEqual(['focused-tweet']);
  });

  it('says in the record which selector failed and which counts it affects', () => {
    const doc = changed(xFile('home.html'), (d) =>
      renameAttr(d, '[data-testid="like"], [data-testid="unlike"]', 'data-testid', 'heart'),
    );
    expect(checkPage(doc, 'x', 'home', X_HEALTH).failed).toEqual([
      expect.objectContaining({
        platform: 'x',
        page: 'home',
        check: 'like-button',
        signal: 'dom',
        affects: ['likes'],
        detail: expect.stringContaining('[data-testid="like"]'),
      }),
    ]);
  });
});

describe('youtube.com: what counting depends on', () => {
  it.each<[string, PageKind]>([
    ['watch.html', 'watch'],
    ['watch-2.html', 'watch'],
    ['watch-legacy.html', 'watch'],
    ['shorts.html', 'shorts'],
  ])('passes every check on the saved %s', (file, page) => {
    const verdict = checkPage(parse(ytFile(file)), 'youtube', page, YOUTUBE_HEALTH);
    expect(verdict.failed).toEqual([]);
    expect(verdict.passed.length).toBeGreaterThan(0);
  });

  it.each<[string, (doc: Document) => void]>([
    [
      'a video without comments',
      (d) =>
        d.querySelectorAll('ytd-comment-thread-renderer').forEach((c) => {
          c.remove();
        }),
    ],
    [
      'comments still loading',
      (d) =>
        d
          .querySelector('ytd-comments #sections > #contents')
          ?.replaceChildren(d.createElement('ytd-continuation-item-renderer')),
    ],
    ['a signed-out page without the comment section', (d) => d.querySelector('ytd-comments')?.remove()],
  ])('raises nothing on %s', (_, edit) => {
    expect(failedYt(changed(ytFile('watch.html'), edit), 'watch')).toEqual([]);
  });

  it.each<[string, (doc: Document) => void, string[]]>([
    [
      'the comment like button lost aria-pressed',
      (d) => renameAttr(d, '#like-button button', 'aria-pressed', null),
      ['comment-like-button'],
    ],
    [
      'comments renamed',
      (d) =>
        d.querySelectorAll('ytd-comment-view-model').forEach((c) => {
          const next = d.createElement('ytd-comment-view-model-v2');
          next.append(...Array.from(c.childNodes));
          c.replaceWith(next);
        }),
      ['comment'],
    ],
    [
      'permalinks moved',
      (d) =>
        d.querySelectorAll('#published-time-text').forEach((p) => {
          p.removeAttribute('id');
        }),
      ['comment-permalink'],
    ],
  ])('fails exactly the check behind it when %s', (_, edit, checks) => {
    expect(failedYt(changed(ytFile('watch.html'), edit), 'watch')).toEqual(checks);
  });
});

describe('calls that are ours (or look it) but cannot be read', () => {
  const GQL = 'https://x.com/i/api/graphql/abc';
  const API = 'https://www.youtube.com/youtubei/v1';
  const json = (v: unknown) => JSON.stringify(v);

  it('leaves the calls it reads, plain posts and unrelated operations alone', () => {
    const { requests } = xGraphqlFixtures;
    expect(xDrift('POST', `${GQL}/FavoriteTweet`, json(requests.favoriteTweet))).toBeNull();
    expect(xDrift('POST', `${GQL}/CreateTweet`, json(requests.createTweetPost))).toBeNull();
    expect(xDrift('POST', `${GQL}/CreateRetweet`, json(requests.favoriteTweet))).toBeNull();
    expect(xDrift('GET', `${GQL}/FavoriteTweetV2`, null)).toBeNull();
    expect(
      youtubeDrift('POST', `${API}/comment/create_comment`, json(youtubeiFixtures.requests.createComment)),
    ).toBeNull();
    expect(
      youtubeDrift(
        'POST',
        `${API}/comment/perform_comment_action`,
        json(youtubeiFixtures.requests.commentDislike),
      ),
    ).toBeNull();
    expect(youtubeDrift('POST', `${API}/like/dislike`, json(youtubeiFixtures.requests.like))).toBeNull();
    expect(youtubeDrift('POST', `${API}/next`, '{}')).toBeNull();
  });

  it('records a renamed X operation with the shape of its body, never its text', () => {
    const body = json({ variables: { tweet_id: '1879', tweet_text: 'my private words' }, queryId: 'q' });
    const drift = xDrift('POST', `${GQL}/FavoriteTweetV2`, body);
    expect(drift).toMatchObject({ kind: 'drift', check: 'unknown-operation:FavoriteTweetV2', op: 'like' });
    expect(drift?.shape).toEqual(['queryId', 'variables', 'variables.tweet_id', 'variables.tweet_text']);
    expect(JSON.stringify(drift)).not.toContain('private');
    expect(xDrift('POST', `${GQL}/UnfavoriteTweetV2`, body)?.op).toBe('unlike');
    expect(xDrift('POST', `${GQL}/CreatePost`, body)?.op).toBe('reply');
  });

  it('records one of ours whose request it cannot read', () => {
    expect(xDrift('POST', `${GQL}/FavoriteTweet`, json({ variables: { post_id: '1' } }))).toMatchObject({
      check: 'request:FavoriteTweet',
      op: 'like',
    });
    const undecodable = {
      ...youtubeiFixtures.requests.createComment,
      createCommentParams: 'Eg0KC2szVnE5cFh6',
    };
    expect(youtubeDrift('POST', `${API}/comment/create_comment`, json(undecodable))).toMatchObject({
      check: 'request:comment/create_comment',
      op: 'comment',
    });
    expect(youtubeDrift('POST', `${API}/like/like_v2`, json(youtubeiFixtures.requests.like))).toMatchObject({
      check: 'unknown-operation:like/like_v2',
      op: 'like',
    });
  });

  it('keeps key shapes bounded', () => {
    const wide = Object.fromEntries(Array.from({ length: 80 }, (_, i) => [`k${i}`, { a: { b: { c: 1 } } }]));
    expect(keyShape(wide).length).toBeLessThanOrEqual(50);
    expect(keyShape({ 'bad key<script>': 1 })).toEqual(['bad?key?script?']);
  });
});

describe('the checks stay cheap on a long page (issue 10)', () => {
  /** The arguments of each `:has(…)`, split at top-level commas. */
  const hasArguments = (selector: string): string[][] => {
    const out: string[][] = [];
    for (let at = selector.indexOf(':has('); at >= 0; at = selector.indexOf(':has(', at + 1)) {
      let depth = 0;
      let part = '';
      const args: string[] = [];
      for (const ch of selector.slice(at + ':has('.length)) {
        if (ch === '(') depth++;
        if (ch === ')' && depth-- === 0) break;
        if (ch === ',' && depth === 0) {
          args.push(part);
          part = '';
        } else part += ch;
      }
      out.push([...args, part]);
    }
    return out;
  };

  it.each([...X_HEALTH.dom, ...YOUTUBE_HEALTH.dom].map((d) => [d.check, d.anchor, d.selector] as const))(
    '%s: every :has() takes one argument (Chromium walks the whole subtree for each argument that matches nothing: 29 ms on a legacy YouTube page of 1,000 threads)',
    (_check, anchor, selector) => {
      for (const args of [...hasArguments(anchor), ...hasArguments(selector)]) expect(args).toHaveLength(1);
    },
  );
});
