// @vitest-environment node
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSyncScheduler } from '../../../lib/sync/scheduler';

afterEach(() => {
  vi.useRealTimers();
});

describe('the sync scheduler', () => {
  it('sends a burst of new events in one run, shortly after the last', async () => {
    vi.useFakeTimers();
    const run = vi.fn(async () => ({ ran: true, sent: 3 }));
    const scheduler = createSyncScheduler({ run, debounceMs: 2_000 });
    scheduler.soon();
    await vi.advanceTimersByTimeAsync(1_500);
    scheduler.soon();
    scheduler.soon();
    await vi.advanceTimersByTimeAsync(1_999);
    expect(run).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(run).toHaveBeenCalledOnce();
  });

  it('never lets a failing run escape as an unhandled rejection', async () => {
    const onError = vi.fn();
    const scheduler = createSyncScheduler({
      run: async () => {
        throw new Error('database closed');
      },
      onError,
    });
    expect(await scheduler.now()).toEqual({ ran: false, sent: 0 });
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: 'database closed' }));
  });
});
