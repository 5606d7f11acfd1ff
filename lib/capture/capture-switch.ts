import { sendCaptureSwitch } from './handshake';

/**
 * Isolated world, from document_start: tells the MAIN world whether this browser captures now (connected,
 * the team's switch on, terms published, not paused by the member), at once and again on every change,
 * so a paused member's timeline answers are never even cloned in the page.
 */
export function startCaptureSwitch(deps: {
  port: () => Pick<MessagePort, 'postMessage'> | undefined;
  active: () => Promise<boolean>;
  /** Calls back on any change the background announces; returns how to stop. */
  watch: (changed: () => void) => () => void;
}): () => void {
  let last: boolean | undefined;
  let seq = 0;
  const tell = async () => {
    const mine = ++seq;
    let on: boolean;
    try {
      on = await deps.active();
    } catch (err) {
      // The background may be waking up; the next change asks again. Without an answer, stay as told.
      console.debug('Reply Tracker: could not read the capture switch:', err);
      return;
    }
    const port = deps.port();
    if (mine !== seq || !port || on === last) return;
    last = on;
    sendCaptureSwitch(port, on);
  };
  void tell();
  return deps.watch(() => void tell());
}
