/** Must match --rt-width in components/sidebar/sidebar.css. */
export const SIDEBAR_WIDTH = 340;
const MARK = 'data-reply-tracker-docked';

/**
 * Keeps the open sidebar from covering the page's main column: on a window too narrow for both, the
 * page is given a right margin as wide as the sidebar; otherwise the sidebar sits over the empty edge
 * (X's own right-hand column), and the page is left exactly as it was.
 */
export function reserveSpace(doc: Document, mainColumn: Element | null, open: boolean): void {
  const html = doc.documentElement;
  const docked = html.hasAttribute(MARK);
  const viewport = doc.defaultView?.innerWidth ?? 0;
  if (!open || !mainColumn) {
    if (docked) undock(html);
    return;
  }
  // Measure as if undocked, so a wide-enough window gives the space back.
  const shift = docked ? SIDEBAR_WIDTH : 0;
  const right = mainColumn.getBoundingClientRect().right + shift / 2;
  const covers = right > viewport - SIDEBAR_WIDTH;
  if (covers && !docked) {
    html.setAttribute(MARK, html.style.marginRight);
    html.style.marginRight = `${SIDEBAR_WIDTH}px`;
  } else if (!covers && docked) {
    undock(html);
  }
}

function undock(html: HTMLElement): void {
  html.style.marginRight = html.getAttribute(MARK) ?? '';
  html.removeAttribute(MARK);
}
