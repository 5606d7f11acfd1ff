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
