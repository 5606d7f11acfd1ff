import { createContext, type SyntheticEvent, useContext, useRef } from 'react';

/**
 * Manager-only buttons (Track, Stop tracking) act with the manager's token behind them. A page script
 * can call `button.click()` or `form.requestSubmit()` on anything it can reach; those events are not
 * trusted (event.isTrusted is false), a person's click or key press is. jsdom marks every event
 * untrusted, so component tests turn the check off with `<Sidebar requireTrustedEvents={false}>`;
 * the content script never does.
 */
export const RequireTrustedEvents = createContext(true);

/**
 * How many inputs the manager-only handlers have judged, and how many of those they refused. The
 * content script hands one to the sidebar and lists the totals in its settled probe
 * (lib/content/settled.ts), so an e2e test can wait until a forged click has been judged instead of
 * sleeping and hoping it has.
 */
export interface InputJudgements {
  judged(accepted: boolean): void;
}

export function createInputTally(): InputJudgements & { readonly total: number; readonly refused: number } {
  let total = 0;
  let refused = 0;
  return {
    judged(accepted) {
      total += 1;
      if (!accepted) refused += 1;
    },
    get total() {
      return total;
    },
    get refused() {
      return refused;
    },
  };
}

/** Where the sidebar reports its judgements; none outside the content script. */
export const JudgedInputs = createContext<InputJudgements | undefined>(undefined);

/** Wraps a handler so it runs only for a person's own input (unless the sidebar was told otherwise). */
export function useTrustedHandler<E extends SyntheticEvent>(handler: (event: E) => void): (event: E) => void {
  const required = useContext(RequireTrustedEvents);
  const judgements = useContext(JudgedInputs);
  return (event) => {
    const accepted = !required || event.nativeEvent.isTrusted;
    judgements?.judged(accepted);
    if (!accepted) {
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
  const judgements = useContext(JudgedInputs);
  const lastInput = useRef(Number.NEGATIVE_INFINITY);
  const note = (event: SyntheticEvent) => {
    if (event.nativeEvent.isTrusted) lastInput.current = performance.now();
  };
  return {
    onClickCapture: note,
    onKeyDownCapture: note,
    onSubmit: (event: E) => {
      const accepted = !required || performance.now() - lastInput.current <= windowMs;
      judgements?.judged(accepted);
      if (!accepted) {
        event.preventDefault();
        return;
      }
      handler(event);
    },
  };
}
