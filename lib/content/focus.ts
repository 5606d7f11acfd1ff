/**
 * The shortcut's round trip: from the page (say, the reply box) into the sidebar, and back to exactly
 * where the person was, caret included, so they can read the playbook and go on typing.
 */
export interface FocusSwitch {
  /** Into the sidebar when focus is on the page; back to the page when it is in the sidebar. */
  toggle(): 'sidebar' | 'page';
}

export function createFocusSwitch(opts: {
  doc: Document;
  /** The sidebar's shadow host: focus inside its shadow root shows on the page as the host. */
  host: HTMLElement;
  /**
   * The sidebar's shadow root. It is closed (page scripts must not read the sidebar), so `host.shadowRoot`
   * is null: the content script hands in the reference it kept when it attached the root.
   */
  shadow: ShadowRoot;
  /** Opens the sidebar if needed and focuses it. */
  enter(): void;
}): FocusSwitch {
  const { doc, host, shadow } = opts;
  let back: { el: HTMLElement; range: Range | undefined } | undefined;

  return {
    toggle() {
      const active = doc.activeElement;
      if (active !== host) {
        const el = active instanceof HTMLElement && active !== doc.body ? active : undefined;
        const sel = doc.getSelection();
        const range =
          sel && sel.rangeCount > 0 && el?.contains(sel.anchorNode) ? sel.getRangeAt(0) : undefined;
        back = el ? { el, range } : undefined;
        opts.enter();
        return 'sidebar';
      }
      const to = back;
      back = undefined;
      if (to?.el.isConnected) {
        to.el.focus({ preventScroll: true });
        // A contenteditable composer forgets its caret on blur; put it back where the person left it.
        if (to.range) {
          const sel = doc.getSelection();
          sel?.removeAllRanges();
          sel?.addRange(to.range);
        }
      } else {
        // Nothing to go back to: leave the sidebar, and the page's own keyboard navigation starts over.
        (shadow.activeElement as HTMLElement | null)?.blur();
        host.blur();
      }
      return 'page';
    },
  };
}
