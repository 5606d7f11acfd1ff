import { createContext, type SyntheticEvent, useContext, useRef } from 'react';

/**
 * Manager-only buttons (Track, Stop tracking) act with the manager's token behind them. A page script
 * can call `button.click()` or `form.requestSubmit()` on anything it can reach; those events are not
 * trusted (event.isTrusted is false), a person's click or key press is. jsdom marks every event
 * untrusted, so component tests turn the check off with `<Sidebar requireTrustedEvents={false}>`;
 * the content script never does.
 */
export const RequireTrustedEvents = createContext(true);

/** Wraps a handler so it runs only for a person's own input (unless the sidebar was told otherwise). */
export function useTrustedHandler<E extends SyntheticEvent>(handler: (event: E) => void): (event: E) => void {
  const required = useContext(RequireTrustedEvents);
  return (event) => {
    if (required && !event.nativeEvent.isTrusted) {
      event.preventDefault();
      return;
    }
    handler(event);
  };
}

/**
 * A form's submit event is trusted even when a script calls `form.requestSubmit()`, so a submit counts
 * only right after a person's own click or key press inside the form.
 */
export function useTrustedSubmit<E extends SyntheticEvent>(handler: (event: E) => void, windowMs = 1_000) {
  const required = useContext(RequireTrustedEvents);
  const lastInput = useRef(Number.NEGATIVE_INFINITY);
  const note = (event: SyntheticEvent) => {
    if (event.nativeEvent.isTrusted) lastInput.current = performance.now();
  };
  return {
    onClickCapture: note,
    onKeyDownCapture: note,
    onSubmit: (event: E) => {
      if (required && performance.now() - lastInput.current > windowMs) {
        event.preventDefault();
        return;
      }
      handler(event);
    },
  };
}
