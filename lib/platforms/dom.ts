/** By nodeType, not instanceof: content-script and page worlds have different Element globals. */
export function isElement(node: unknown): node is Element {
  return typeof node === 'object' && node !== null && (node as Node).nodeType === 1;
}

/** A send/submit button the page would let the user press (both sites mark it disabled either way). */
export function isEnabled(button: Element | null): boolean {
  return !!button && !button.hasAttribute('disabled') && button.getAttribute('aria-disabled') !== 'true';
}

/** Marks the nodes the extension puts into a page (badges, pickers), so its own observers skip them. */
export const OWN_ATTRIBUTE = 'data-reply-tracker';

/** One of ours: inserting it must not wake the watcher that placed it (issue 10: twice the work per comment). */
export function isOwnNode(node: Node): boolean {
  return isElement(node) && node.hasAttribute(OWN_ATTRIBUTE);
}
