/**
 * Every youtube.com selector, in one place. When YouTube changes its markup this is the file to fix, and
 * tests/unit/platforms/youtube/selectors.test.ts says which one broke: each entry names the fixture pages
 * (tests/fixtures/youtube/) that show it matching. Nothing else in the codebase may spell these out.
 *
 * YouTube renders with Polymer custom elements in light DOM, so ids repeat (every comment has its own
 * `#header`, `#main`, `#like-button`): always scope a lookup to the comment or section it belongs to.
 */

// --- Watch page ----------------------------------------------------------------------------------

/** The watch page's root; YouTube keeps one and updates its `video-id` on navigation. watch*.html. */
export const WATCH_FLEXY = 'ytd-watch-flexy';
/** Which video the rendered watch page is about right now (may lag the URL during navigation). */
export const VIDEO_ID_ATTRIBUTE = 'video-id';
/** Left column: player, metadata, comments. The sidebar must not cover it. watch*.html. */
export const PRIMARY_COLUMN = 'ytd-watch-flexy #primary';
/** Title, channel and the like button below the player. watch*.html. */
export const WATCH_METADATA = 'ytd-watch-metadata';
/** Inside WATCH_METADATA. watch*.html. */
export const VIDEO_TITLE = '#title h1';
/** Inside WATCH_METADATA: the channel link (`/@handle`). watch*.html. */
export const CHANNEL_LINK = 'ytd-video-owner-renderer #channel-name a';
/** Video like, 2023+ view-model markup (watch*.html, shorts.html); older pages had #segmented-like-button. */
export const VIDEO_LIKE_BUTTON =
  'like-button-view-model button[aria-pressed], #segmented-like-button button[aria-pressed]';
/** The attribute YouTube flips on like buttons (video and comment). */
export const PRESSED_ATTRIBUTE = 'aria-pressed';

// --- Shorts --------------------------------------------------------------------------------------

/** The Short on screen (the feed keeps neighbours rendered too). shorts.html. */
export const ACTIVE_SHORT = 'ytd-reel-video-renderer[is-active]';
/** The element that stands for the video on either page: WATCH_METADATA or ACTIVE_SHORT. */
export const VIDEO_ELEMENT = `${WATCH_METADATA}, ${ACTIVE_SHORT}`;
/** Inside ACTIVE_SHORT. shorts.html. */
export const SHORT_TITLE = 'yt-shorts-video-title-view-model h2';
/** Inside ACTIVE_SHORT: the channel link. shorts.html. */
export const SHORT_CHANNEL_LINK = 'yt-reel-channel-bar-view-model a';

// --- Comments ------------------------------------------------------------------------------------
//
// Looked up inside one comment, once per comment: written `:where([id="…"])`, never `#…` nor a bare
// `[id="…"]`. Chromium answers both of those from the document's id map even when scoped to one
// element, and YouTube repeats these ids in every comment, so each lookup cost O(comments on the
// page): ~1.5–2.5 ms per lookup with 1,500 comments against ~5 µs for `:where(…)`, which matches the
// same elements and only walks the comment (measured in Chromium 156, issue 10).

/** The comment section under a video. watch*.html. */
export const COMMENTS_SECTION = 'ytd-comments#comments';
/**
 * Rows of the comment list (threads, whatever their element is called), minus the loading spinner at
 * its end: the health check's anchor for "comments are on the page". watch*.html.
 */
export const COMMENT_ROWS = `${COMMENTS_SECTION} #sections > #contents > :not(ytd-continuation-item-renderer)`;
/** A top-level comment with its replies. watch*.html. */
export const COMMENT_THREAD = 'ytd-comment-thread-renderer';
/**
 * One comment, top-level or reply: `ytd-comment-view-model` since 2024 (watch.html, watch-2.html),
 * `ytd-comment-renderer` before and still for some users (watch-legacy.html).
 */
export const COMMENT = 'ytd-comment-view-model, ytd-comment-renderer';
/** Replies of a thread; inside COMMENT_THREAD, never inside COMMENT. watch*.html. */
export const REPLIES = 'ytd-comment-replies-renderer';
/**
 * Whichever is nearer above a comment: the replies block it is in (a reply), or its thread (a top-level
 * comment). One `closest` with it stops at the thread, where a `closest(REPLIES)` alone walked up to the
 * document for every top-level comment (issue 10).
 */
export const REPLIES_OR_THREAD = `${REPLIES}, ${COMMENT_THREAD}`;
/** The comment's permalink, `/watch?v=…&lc=<comment id>`: new layout `#published-time-text a`, old `.published-time-text a`. */
export const PUBLISHED_LINK = ':where([id="published-time-text"]) a, .published-time-text a';
/** The commenter's channel link (`/@handle`), both layouts. watch*.html. */
export const AUTHOR_LINK = ':where([id="header-author"]) a:where([id="author-text"])';
/** Comment body: yt-attributed-string (new) or yt-formatted-string (old). watch*.html. */
export const CONTENT_TEXT = ':where([id="content-text"])';
/** ytd-comment-engagement-bar (new) / ytd-comment-action-buttons-renderer (old). watch*.html. */
export const ACTION_BUTTONS = ':where([id="action-buttons"])';
/** Inside a COMMENT only (Shorts reuse #like-button for the video). watch*.html. */
export const COMMENT_LIKE_BUTTON = ':where([id="like-button"]) button[aria-pressed]';
/** Inside a COMMENT. watch*.html. */
export const COMMENT_REPLY_BUTTON = ':where([id="reply-button-end"]) button';
/** Where a comment's reply box opens (fake-youtube.js renders it there, as YouTube does). watch*.html. */
export const REPLY_DIALOG = '#reply-dialog';

// --- Comment boxes -------------------------------------------------------------------------------

/** The collapsed "Add a comment…" box above the comments. watch*.html. */
export const SIMPLEBOX = 'ytd-comment-simplebox-renderer';
/** Clicking it opens the real box. watch*.html. */
export const SIMPLEBOX_PLACEHOLDER = 'ytd-comment-simplebox-renderer #placeholder-area';
/** The open comment or reply box. The #fake-yt-commentbox template in watch*.html (fake-youtube.js). */
export const COMMENTBOX = 'ytd-commentbox';
/** Inside COMMENTBOX: the editor. */
export const COMMENTBOX_EDITOR = '#contenteditable-root';
/** Inside COMMENTBOX: "Comment" / "Reply"; disabled while the editor is empty. */
export const SUBMIT_BUTTON = '#submit-button button';
/** Inside COMMENTBOX. */
export const CANCEL_BUTTON = '#cancel-button button';
