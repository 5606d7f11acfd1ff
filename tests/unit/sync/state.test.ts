import { describe, expect, it } from 'vitest';
import { describeSyncState } from '../../../lib/sync/state';
import { NOW, status } from '../popup/fakes';

const at = (ms: number) => new Date(NOW.getTime() + ms).toISOString();
const OFFLINE =
  "Can't reach the team server at https://replies.example.org. You may be offline, or the server is down.";

describe('the one sync state', () => {
  it.each([
    [
      'not connected',
      { member: undefined, connected: false, pending: 3 },
      'local',
      'neutral',
      'Not connected',
    ],
    ['connected, nothing waiting', {}, 'up-to-date', 'ok', 'Up to date'],
    ['events just logged', { pending: 2 }, 'syncing', 'busy', '2 waiting to sync'],
    ['a run in flight', { pending: 1, syncing: true }, 'syncing', 'busy', 'Syncing…'],
    [
      'server down with events waiting',
      { pending: 3, errorKind: 'offline', lastError: OFFLINE, nextAttemptAt: at(90_000) },
      'waiting',
      'warn',
      '3 waiting to sync',
    ],
    [
      'server down, nothing waiting',
      { errorKind: 'offline', lastError: OFFLINE },
      'waiting',
      'warn',
      "Can't reach the team server",
    ],
    [
      'token revoked',
      { connected: false, errorKind: 'auth', lastError: 'Your access token was revoked.', pending: 1 },
      'signed-out',
      'error',
      'Signed out',
    ],
  ] as const)('%s', (_name, over, kind, tone, label) => {
    const view = describeSyncState(status(over as never), { now: NOW });
    expect(view).toMatchObject({ kind, tone, label });
    // Never "up to date" while something is wrong.
    if (kind !== 'up-to-date') expect(view.label).not.toMatch(/up to date|^connected/i);
  });

  it('names the next try only when it is in the future', () => {
    const base = { pending: 1, errorKind: 'server' as const, lastError: 'HTTP 503' };
    const ahead = describeSyncState(status({ ...base, nextAttemptAt: at(60_000) }), {
      now: NOW,
      formatTime: () => '12:01',
    });
    expect(ahead.nextTry).toEqual({ at: at(60_000), text: 'Next try at 12:01.' });
    expect(
      describeSyncState(status({ ...base, nextAttemptAt: at(-1) }), { now: NOW }).nextTry,
    ).toBeUndefined();
  });

  it('refused events wait for Sync now, with no automatic next try', () => {
    const view = describeSyncState(
      status({
        pending: 2,
        held: 2,
        errorKind: 'rejected',
        lastError: 'press Sync now',
        nextAttemptAt: at(5000),
      }),
      { now: NOW },
    );
    expect(view).toMatchObject({ kind: 'waiting', label: '2 waiting to sync' });
    expect(view.nextTry).toBeUndefined();
  });

  it('a failed reconnect keeps the previous token and says so', () => {
    const view = describeSyncState(status(), { now: NOW, reconnectError: 'The token is not valid.' });
    expect(view).toMatchObject({ kind: 'wrong-token', label: 'Still using your previous token' });
    expect(view.detail).toContain('The token is not valid');
  });
});
