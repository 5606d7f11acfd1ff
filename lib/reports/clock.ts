/**
 * The clock policy (server/README.md, "Clock policy"): the server keeps the member's claimed `occurredAt`
 * beside its own `receivedAt`, and every count, day, month and first reply uses the time an event
 * *counts at*: the claim, but never later than the server received it (nothing counts in the future)
 * and never more than MAX_BACKDATE_MS before that (a back-dated reply cannot meet an SLA it missed by
 * more than that). An extension online syncs within seconds, so for honest members the two agree.
 */
export const MAX_BACKDATE_MS = 60 * 60_000;

/** Both arguments and the result are UTC `toISOString()` text. */
export function countedAt(occurredAt: string, receivedAt: string): string {
  if (occurredAt > receivedAt) return receivedAt;
  const earliest = new Date(Date.parse(receivedAt) - MAX_BACKDATE_MS).toISOString();
  return occurredAt < earliest ? earliest : occurredAt;
}
