/**
 * Every x.com selector, in one place. When X changes its markup this is the file to fix, and
 * tests/unit/platforms/x/selectors.test.ts says which one broke: each entry names the fixture pages
 * (tests/fixtures/x/) that show it matching. Nothing else in the codebase may spell these out.
 */

// --- Page layout -------------------------------------------------------------------------------------

/** The centre column holding the timeline or conversation. All pages. */
export const PRIMARY_COLUMN = '[data-testid="primaryColumn"]';
/** The right-hand column (search box, trends). All pages. */
export const SIDEBAR_COLUMN = '[data-testid="sidebarColumn"]';
/** One virtualised timeline row. All pages. */
export const CELL = '[data-testid="cellInnerDiv"]';
/** Portal root where X renders dialogs, menus and toasts. All pages (reply dialog: fake-x.js). */
export const LAYERS = '#layers';
/** A modal, e.g. the reply dialog. Rendered by fake-x.js into #layers like X does. */
export const DIALOG = '[role="dialog"]';
/** Status and error toasts ("Your post was sent."). Rendered by fake-x.js. */
export const TOAST = '[data-testid="toast"]';

// --- A tweet -----------------------------------------------------------------------------------------

/** Any article: the nearest one above an element of ours is the tweet it belongs to. All tweet pages. */
export const ARTICLE = 'article';
/** A tweet (also replies and quote tweets). home (and its 300-row copy), status*, profile, search, notifications. */
export const TWEET = 'article[data-testid="tweet"]';
/** The focused tweet of a status page is the only one X makes unfocusable. status.html, status-2.html. */
export const FOCUSED_TWEET = 'article[data-testid="tweet"][tabindex="-1"]';
/** The embedded card of a quoted tweet; its own time is not a link. home.html (quote tweet). */
export const QUOTE_CARD = 'div[role="link"]';
/**
 * Whichever is nearer above an element: the tweet it belongs to, or a quoted tweet's card inside it. One
 * `closest` with it stops at the tweet, where a `closest(QUOTE_CARD)` alone walked up to the document
 * for every element outside a card (issue 10).
 */
export const TWEET_OR_QUOTE_CARD = `${TWEET}, ${QUOTE_CARD}`;
/** Name block: display name, @handle link, and on timelines the permalink with the time. All tweet pages. */
export const USER_NAME = '[data-testid="User-Name"]';
/** Inside USER_NAME: the link whose text is `@handle` (the display-name link has no tabindex). All tweet pages. */
export const USER_HANDLE_LINK = 'a[href^="/"][tabindex="-1"]';
/** The tweet body; a quote tweet has two, media-only tweets none. All tweet pages. */
export const TWEET_TEXT = '[data-testid="tweetText"]';
/** The post time; inside the permalink except in a quote card. All tweet pages. */
export const TIME = 'time';
/** Any link to a status, including /analytics and /photo/1 ones: filter with the URL pattern. All tweet pages. */
export const STATUS_LINK = 'a[href*="/status/"]';
/** A time inside a status link: the tweet's permalink (a quote card's time is in no link). All tweet pages. */
export const PERMALINK_TIME = `${STATUS_LINK} ${TIME}`;
/** The same looked up inside one tweet: the link must be inside it too. */
export const OWN_PERMALINK_TIME = `:scope ${PERMALINK_TIME}`;
/** "Reposted by" / "Pinned" line above a tweet. home.html, profile.html. */
export const SOCIAL_CONTEXT = '[data-testid="socialContext"]';
/** Attached photo. home.html (media tweet, quoted media), status.html, profile.html. */
export const TWEET_PHOTO = '[data-testid="tweetPhoto"]';

// --- Action bar --------------------------------------------------------------------------------------

/** The row of reply / repost / like / views / bookmark / share. All tweet pages. */
export const ACTION_BAR = 'div[role="group"]';
/** All tweet pages. */
export const REPLY_BUTTON = '[data-testid="reply"]';
/** All tweet pages. */
export const RETWEET_BUTTON = '[data-testid="retweet"]';
/** Already reposted. home.html. */
export const UNRETWEET_BUTTON = '[data-testid="unretweet"]';
/** Not yet liked. All tweet pages. */
export const LIKE_BUTTON = '[data-testid="like"]';
/** Liked: X swaps data-testid on the same button. home.html, status.html, profile.html. */
export const UNLIKE_BUTTON = '[data-testid="unlike"]';
/** Either state of the like button. */
export const LIKE_OR_UNLIKE_BUTTON = `${LIKE_BUTTON}, ${UNLIKE_BUTTON}`;
/** The attribute X flips on the like button; the watcher observes only this one. */
export const TESTID_ATTRIBUTE = 'data-testid';
export const TESTID_LIKE = 'like';
export const TESTID_UNLIKE = 'unlike';

// --- Composers ---------------------------------------------------------------------------------------

/** The Draft.js editor, in the reply dialog and the inline composer. status*.html, fake-x.js dialog. */
export const COMPOSER_TEXTAREA = '[data-testid="tweetTextarea_0"]';
/** Draft.js block; one per line of the composer. status*.html, fake-x.js. */
export const COMPOSER_BLOCK = '[data-block="true"]';
/** Send button of the reply dialog. fake-x.js dialog. */
export const TWEET_BUTTON = '[data-testid="tweetButton"]';
/** Send button of the inline composer under the focused tweet. status*.html. */
export const TWEET_BUTTON_INLINE = '[data-testid="tweetButtonInline"]';
/** Wrapper of the inline reply composer on a status page. status*.html. */
export const INLINE_REPLY = '[data-testid="inline_reply_offscreen"]';
