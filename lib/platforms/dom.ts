/** By nodeType, not instanceof: content-script and page worlds have different Element globals. */
export function isElement(node: unknown): node is Element {
  return typeof node === 'object' && node !== null && (node as Node).nodeType === 1;
}

/** A send/submit button the page would let the user press (both sites mark it disabled either way). */
export function isEnabled(button: Element | null): boolean {
  return !!button && !button.hasAttribute('disabled') && button.getAttribute('aria-disabled') !== 'true';
}
