import { describe, expect, it, vi } from 'vitest';
import { createExportRunner, type ExportRun, type ExportSink } from '@/lib/reports/download';
import { nextTurn } from '../event-loop';

function memorySink() {
  const chunks: string[] = [];
  const sink: ExportSink & { chunks: string[]; closed: boolean; aborted: number } = {
    chunks,
    closed: false,
    aborted: 0,
    async write(c) {
      chunks.push(new TextDecoder().decode(c));
    },
    async close() {
      sink.closed = true;
    },
    async abort() {
      sink.aborted++;
    },
  };
  return sink;
}

const body = (text: string) => new Response(text).body as ReadableStream<Uint8Array>;

describe('the one export runner', () => {
  it('streams a body into the sink and reports running, each chunk, then done', async () => {
    const runs: ExportRun[] = [];
    const runner = createExportRunner((r) => runs.push(r));
    const sink = memorySink();
    await runner.start(sink, 'csv', async () => body('a,b\n1,2\n3,4\n'));
    expect(sink.chunks.join('')).toBe('a,b\n1,2\n3,4\n');
    expect(sink.closed).toBe(true);
    expect(runs[0]).toEqual({ status: 'running', progress: { bytes: 0, rows: 0 }, error: undefined });
    expect(runs.at(-1)).toEqual({ status: 'done', progress: { bytes: 12, rows: 2 }, error: undefined });
  });

  it('says why it failed, drops the sink, and starts clean the next time', async () => {
    const runs: ExportRun[] = [];
    const runner = createExportRunner((r) => runs.push(r));
    const sink = memorySink();
    await runner.start(sink, 'json', () => {
      throw new Error('The team server refused the export.');
    });
    expect(sink.aborted).toBe(1);
    expect(runs.at(-1)).toMatchObject({ status: 'failed', error: 'The team server refused the export.' });
    await runner.start(memorySink(), 'json', async () => body('{}\n'));
    expect(runs.at(-1)).toEqual({ status: 'done', progress: { bytes: 3, rows: 1 }, error: undefined });
  });

  it('cancels the running export when asked, and when another one starts', async () => {
    const runs: ExportRun[] = [];
    const runner = createExportRunner((r) => runs.push(r));
    const hang = (signal: AbortSignal) =>
      new Promise<ReadableStream<Uint8Array>>((_, reject) =>
        signal.addEventListener('abort', () => reject(signal.reason)),
      );
    const first = memorySink();
    const running = runner.start(first, 'csv', hang);
    runner.cancel();
    await running;
    expect(runs.at(-1)?.status).toBe('cancelled');
    expect(first.aborted).toBe(1);

    const second = memorySink();
    const open = vi.fn(hang);
    const superseded = runner.start(second, 'csv', open);
    await runner.start(memorySink(), 'csv', async () => body('a\n'));
    await superseded;
    expect(open.mock.calls[0]?.[0].aborted).toBe(true);
    expect(second.aborted).toBe(1);
  });

  it('a run replaced by a newer one says nothing more: the newer one reads running, then done', async () => {
    const runs: ExportRun[] = [];
    const runner = createExportRunner((r) => runs.push(r));
    const old = runner.start(
      memorySink(),
      'csv',
      (signal) =>
        new Promise<ReadableStream<Uint8Array>>((_, reject) =>
          signal.addEventListener('abort', () => reject(signal.reason)),
        ),
    );
    let push!: ReadableStreamDefaultController<Uint8Array>;
    const slow = new ReadableStream<Uint8Array>({
      start(c) {
        push = c;
      },
    });
    const newer = runner.start(memorySink(), 'csv', async () => slow);
    await old;
    push.enqueue(new TextEncoder().encode('a\n1\n'));
    await nextTurn();
    // The replaced run's abort landed while the newer one streams: what the dashboard shows is the newer one.
    expect(runs.at(-1)).toMatchObject({ status: 'running' });
    expect(runs.filter((r) => r.status === 'cancelled')).toEqual([]);
    push.close();
    await newer;
    expect(runs.at(-1)).toEqual({ status: 'done', progress: { bytes: 4, rows: 1 }, error: undefined });
  });
});
