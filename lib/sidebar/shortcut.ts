/** Shown in the header; the content script binds it with `isToggleShortcut`. */
export const TOGGLE_SHORTCUT_LABEL = 'Alt+Shift+R';

/**
 * Alt+Shift+R. Matches on `code` because on macOS Option turns `key` into another character ("‰").
 * Works inside the composer too; the caller should preventDefault so that character isn't typed.
 */
export function isToggleShortcut(
  e: Pick<KeyboardEvent, 'code' | 'altKey' | 'shiftKey' | 'ctrlKey' | 'metaKey' | 'repeat'>,
): boolean {
  return e.code === 'KeyR' && e.altKey && e.shiftKey && !e.ctrlKey && !e.metaKey && !e.repeat;
}

/** The browser command and the page's keydown can both fire for one key press: this long apart… */
export const SAME_PRESS_MS = 400;

/**
 * …they are the same press, and only the first toggles. `waiting()` is 1 while a press would still be
 * taken as the last one's echo (the settled probe lists it, so a test presses again once it is 0).
 */
export function createShortcutGuard(now: () => number = Date.now) {
  let last = Number.NEGATIVE_INFINITY;
  return {
    /** A press: true when it should toggle. */
    take(): boolean {
      if (now() - last < SAME_PRESS_MS) return false;
      last = now();
      return true;
    },
    waiting: (): number => (now() - last < SAME_PRESS_MS ? 1 : 0),
  };
}
