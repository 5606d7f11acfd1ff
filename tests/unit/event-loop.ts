/**
 * One turn of the event loop, no clock involved: resolves once every promise job queued so far (and
 * every job those queue) has run, and the I/O the turn polls for. What the unit tests wait with where
 * they used to sleep a few milliseconds (tests/unit/architecture/no-real-clock.test.ts forbids that).
 */
export const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
