/**
 * Runs `tick` every `intervalMs` while the page is visible: a background tab costs the server nothing,
 * and coming back to it asks at once instead of showing a stale inbox until the next tick.
 */
export function pollWhileVisible(
  doc: Pick<Document, 'visibilityState' | 'addEventListener' | 'removeEventListener'>,
  intervalMs: number,
  tick: () => unknown,
): () => void {
  let timer: ReturnType<typeof setInterval> | undefined;
  const start = () => {
    if (timer === undefined) timer = setInterval(tick, intervalMs);
  };
  const stop = () => {
    if (timer !== undefined) clearInterval(timer);
    timer = undefined;
  };
  const onVisibility = () => {
    if (doc.visibilityState === 'visible') {
      tick();
      start();
    } else stop();
  };
  if (doc.visibilityState === 'visible') start();
  doc.addEventListener('visibilitychange', onVisibility);
  return () => {
    stop();
    doc.removeEventListener('visibilitychange', onVisibility);
  };
}
