/**
 * What went wrong, in words, from anything thrown: an Error's message, or the thrown value itself (a
 * string, a DOMException-like object from IndexedDB, a rejected fetch's reason). One rule for every
 * place that shows or stores a failure.
 */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (typeof err === 'object' && err !== null && typeof (err as { message?: unknown }).message === 'string') {
    return (err as { message: string }).message;
  }
  return String(err);
}

/**
 * The message of a call to the background that got no answer: Chrome's "Receiving end does not exist"
 * while the service worker starts, or our messaging layer's own "unreachable" / "no answer" after its
 * retries. Worth a "try again in a moment", not the raw words.
 */
export const isUnanswered = (message: string): boolean =>
  /unreachable|receiving end does not exist|no answer/i.test(message);
