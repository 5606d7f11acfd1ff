import { blobSink, type ExportSink, fileSink, type WritableFile } from '@/lib/reports/download';

type SavePicker = (opts: {
  suggestedName: string;
  types: { description: string; accept: Record<string, string[]> }[];
}) => Promise<{ createWritable(): Promise<WritableFile> }>;

/** The download itself: a file on disk where the browser lets the page write one, else a Blob. */
export interface ExportTarget {
  open(filename: string, mime: string): Promise<ExportSink | null>;
}

export const browserExportTarget: ExportTarget = {
  async open(filename, mime) {
    const picker = (globalThis as { showSaveFilePicker?: SavePicker }).showSaveFilePicker;
    if (picker) {
      try {
        const ext = filename.slice(filename.lastIndexOf('.'));
        const handle = await picker({
          suggestedName: filename,
          types: [{ description: 'Export', accept: { [mime]: [ext] } }],
        });
        return fileSink(await handle.createWritable());
      } catch (err) {
        if (err instanceof DOMException && err.name === 'AbortError') return null;
        // Not allowed here (e.g. headless): fall back to an ordinary download.
      }
    }
    return blobSink(mime, (blob) => {
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = filename;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    });
  },
};
