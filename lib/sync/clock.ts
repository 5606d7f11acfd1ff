/**
 * The device clock against the team server's. The server stamps `serverTime` on /me and on every
 * batch answer; the skew is the server's time minus the device's at the middle of the request.
 */

/** Off by more than this, the popup and options page say so. */
export const CLOCK_WARN_MS = 2 * 60_000;

export function measureSkew(serverTime: string, sentAt: Date, receivedAt: Date): number | undefined {
  const server = Date.parse(serverTime);
  if (!Number.isFinite(server)) return undefined;
  return Math.round(server - (sentAt.getTime() + receivedAt.getTime()) / 2);
}

/** The warning for a skew worth mentioning, in words a member can act on; undefined otherwise. */
export function describeSkew(skewMs: number | undefined): string | undefined {
  if (skewMs === undefined || Math.abs(skewMs) < CLOCK_WARN_MS) return undefined;
  const minutes = Math.round(Math.abs(skewMs) / 60_000);
  const amount = minutes >= 120 ? `${Math.round(minutes / 60)} hours` : `${minutes} minutes`;
  const way = skewMs > 0 ? 'behind' : 'ahead of';
  return `This computer's clock is ${amount} ${way} the team server's. Turn on automatic date and time in your system settings: the times recorded for your replies and likes come from this clock.`;
}

/** A device time moved onto the server's clock. */
export function onServerClock(deviceTime: string, skewMs: number): string {
  return new Date(Date.parse(deviceTime) + skewMs).toISOString();
}
