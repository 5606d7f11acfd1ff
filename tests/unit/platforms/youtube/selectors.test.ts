import { describe, expect, it } from 'vitest';
import * as S from '../../../../lib/platforms/youtube/selectors';
import { fixtureFile } from '../../../fixtures/youtube/routes';

/*
 * Each selector against the saved pages, with the counts the markup should give. When YouTube changes
 * and the fixtures are refreshed from real pages, this table says which selector broke.
 */

const parse = (html: string) => new DOMParser().parseFromString(html, 'text/html');
const pages: Record<string, Document> = {
  watch: parse(fixtureFile('watch.html')),
  watch2: parse(fixtureFile('watch-2.html')),
  legacy: parse(fixtureFile('watch-legacy.html')),
  shorts: parse(fixtureFile('shorts.html')),
};
/** fake-youtube.js renders the comment box from this template, as YouTube renders ytd-commentbox. */
const commentbox = (page: string) =>
  pages[page]!.querySelector<HTMLTemplateElement>('#fake-yt-commentbox')!.content;

type Row = [page: string, selector: string, count: number];
const watchPages = ['watch', 'watch2', 'legacy'];

const rows: Row[] = [
  ...watchPages.flatMap((p): Row[] => [
    [p, S.WATCH_FLEXY, 1],
    [p, `${S.WATCH_FLEXY}[${S.VIDEO_ID_ATTRIBUTE}]`, 1],
    [p, S.PRIMARY_COLUMN, 1],
    [p, S.WATCH_METADATA, 1],
    [p, `${S.WATCH_METADATA} ${S.VIDEO_TITLE}`, 1],
    [p, `${S.WATCH_METADATA} ${S.CHANNEL_LINK}`, 1],
    [p, S.VIDEO_LIKE_BUTTON, 1],
    [p, S.COMMENTS_SECTION, 1],
    [p, S.SIMPLEBOX, 1],
    [p, S.SIMPLEBOX_PLACEHOLDER, 1],
    [p, S.COMMENTBOX, 0],
    [p, S.ACTIVE_SHORT, 0],
  ]),
  ['watch', S.COMMENT_THREAD, 6],
  ['watch', S.COMMENT, 9],
  ['watch', 'ytd-comment-view-model', 9],
  ['watch', 'ytd-comment-renderer', 0],
  ['watch', `${S.REPLIES} :is(${S.COMMENT})`, 3],
  ['watch', S.REPLIES, 2], // one expanded, one collapsed ("4 replies")
  ['watch', S.PUBLISHED_LINK, 9],
  ['watch', S.AUTHOR_LINK, 9],
  ['watch', S.CONTENT_TEXT, 9],
  ['watch', `${S.CONTENT_TEXT} img[alt]`, 1], // emoji
  ['watch', S.ACTION_BUTTONS, 9],
  ['watch', S.COMMENT_LIKE_BUTTON, 9],
  ['watch', `${S.COMMENT_LIKE_BUTTON}[aria-pressed="true"]`, 1],
  ['watch', S.COMMENT_REPLY_BUTTON, 9],
  ['watch', S.REPLY_DIALOG, 9],
  ['watch2', S.COMMENT_THREAD, 3],
  ['watch2', S.COMMENT, 3],
  ['watch2', S.REPLIES, 1],
  ['watch2', `${S.REPLIES} :is(${S.COMMENT})`, 0],
  ['legacy', S.COMMENT_THREAD, 4],
  ['legacy', S.COMMENT, 6],
  ['legacy', 'ytd-comment-renderer', 6],
  ['legacy', 'ytd-comment-view-model', 0],
  ['legacy', `${S.REPLIES} :is(${S.COMMENT})`, 2],
  ['legacy', S.PUBLISHED_LINK, 6],
  ['legacy', '#published-time-text a', 0], // the old layout only had the class
  ['legacy', S.AUTHOR_LINK, 6],
  ['legacy', S.CONTENT_TEXT, 6],
  ['legacy', S.ACTION_BUTTONS, 6],
  ['legacy', S.COMMENT_LIKE_BUTTON, 6],
  ['legacy', `${S.COMMENT_LIKE_BUTTON}[aria-pressed="true"]`, 1],
  ['legacy', S.COMMENT_REPLY_BUTTON, 6],
  ['legacy', S.REPLY_DIALOG, 6],
  ['shorts', S.ACTIVE_SHORT, 1],
  ['shorts', 'ytd-reel-video-renderer', 2],
  ['shorts', `${S.ACTIVE_SHORT} ${S.SHORT_TITLE}`, 1],
  ['shorts', `${S.ACTIVE_SHORT} ${S.SHORT_CHANNEL_LINK}`, 1],
  ['shorts', S.VIDEO_LIKE_BUTTON, 1],
  // Shorts reuse #like-button for the video: why comment likes are only read inside a COMMENT.
  ['shorts', S.COMMENT_LIKE_BUTTON, 1],
  ['shorts', S.COMMENT, 0],
  ['shorts', S.WATCH_FLEXY, 0],
  ['shorts', S.COMMENTS_SECTION, 0],
];

describe('youtube selectors on the fixture pages', () => {
  it.each(rows)('%s: %s matches %i', (page, selector, count) => {
    expect(pages[page]!.querySelectorAll(selector)).toHaveLength(count);
  });

  it.each(watchPages)(
    '%s: the comment box template has an editor, a disabled submit and a cancel',
    (page) => {
      const box = commentbox(page);
      expect(box.querySelectorAll(S.COMMENTBOX)).toHaveLength(1);
      expect(
        box.querySelectorAll(
          `${S.COMMENTBOX} ${S.COMMENTBOX_EDITOR}[contenteditable="true"][role="textbox"]`,
        ),
      ).toHaveLength(1);
      expect(box.querySelectorAll(`${S.COMMENTBOX} ${S.SUBMIT_BUTTON}[disabled]`)).toHaveLength(1);
      expect(box.querySelectorAll(`${S.COMMENTBOX} ${S.CANCEL_BUTTON}`)).toHaveLength(1);
    },
  );
});

describe('lookups made once per comment', () => {
  // Chromium answers `#id` and `[id="…"]` from the document's id map even inside one element; YouTube
  // repeats these ids in every comment, so they made each comment cost O(comments on the page) (issue 10).
  it.each([
    ['PUBLISHED_LINK', S.PUBLISHED_LINK],
    ['AUTHOR_LINK', S.AUTHOR_LINK],
    ['CONTENT_TEXT', S.CONTENT_TEXT],
    ['ACTION_BUTTONS', S.ACTION_BUTTONS],
    ['COMMENT_LIKE_BUTTON', S.COMMENT_LIKE_BUTTON],
    ['COMMENT_REPLY_BUTTON', S.COMMENT_REPLY_BUTTON],
  ])('%s names ids only inside :where(…)', (_, selector) => {
    expect(selector).not.toContain('#');
    expect(selector.replaceAll(/:where\(\[id="[\w-]+"\]\)/g, '')).not.toContain('[id=');
  });
});
