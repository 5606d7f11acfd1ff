/** The sidebar's full width; components/sidebar/sidebar.css reads it from --reply-tracker-width. */
export const SIDEBAR_WIDTH = 340;
/** Narrower than this the templates wrap to a word a line: better to overlay on demand. */
export const MIN_SIDEBAR_WIDTH = 280;
const MARK = 'data-reply-tracker-docked';

/**
 * How the open sidebar shares the window with the page's main column (the posts and their reply and
 * like buttons), first that fits:
 * - beside: the empty edge (X's own right-hand column) is wide enough;
 * - narrow: the edge is a little narrower, so the sidebar is;
 * - docked: the page is given a right margin and its centred column moves out of the way;
 * - overlay: nothing fits; the sidebar stays a tab and covers the page only when asked for.
 */
export type Fit = { mode: 'beside' | 'narrow' | 'docked' | 'overlay'; width: number };

/** Pure: what fits beside a column ending at `columnRight` in a window `viewport` wide. */
export function fitBeside(viewport: number, columnRight: number): Fit | undefined {
  const free = Math.floor(viewport - columnRight);
  if (free >= SIDEBAR_WIDTH) return { mode: 'beside', width: SIDEBAR_WIDTH };
  if (free >= MIN_SIDEBAR_WIDTH) return { mode: 'narrow', width: free };
  return undefined;
}

/**
 * Measures the page and reserves space for the sidebar (a right margin, only when that helps), never
 * letting it cover the main column. With `open` false, or no column to protect, the page is left as it was.
 */
export function reserveSpace(doc: Document, mainColumn: Element | null, open: boolean): Fit {
  const html = doc.documentElement;
  // Measure as if undocked, so a wider window gives the space back.
  if (html.hasAttribute(MARK)) undock(html);
  const full: Fit = { mode: 'beside', width: SIDEBAR_WIDTH };
  if (!open || !mainColumn) return full;
  const viewport = doc.defaultView?.innerWidth ?? 0;
  const beside = fitBeside(viewport, mainColumn.getBoundingClientRect().right);
  if (beside) return beside;

  html.setAttribute(MARK, html.style.marginRight);
  html.style.marginRight = `${SIDEBAR_WIDTH}px`;
  // A page that centres its column moves it over; one with a fixed layout does not, and then docking
  // only adds a horizontal scrollbar.
  if (mainColumn.getBoundingClientRect().right <= viewport - SIDEBAR_WIDTH) {
    return { mode: 'docked', width: SIDEBAR_WIDTH };
  }
  undock(html);
  return { mode: 'overlay', width: SIDEBAR_WIDTH };
}

function undock(html: HTMLElement): void {
  html.style.marginRight = html.getAttribute(MARK) ?? '';
  html.removeAttribute(MARK);
}
