import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { mergeResults, readResults, type StoredFigure } from '../../../bench/record';

const fig = (section: string, name: string, value: number, measuredAt = 'then'): StoredFigure => ({
  section,
  name,
  value,
  unit: 'ms',
  ok: null,
  measuredAt,
});

describe('bench/results.json after `npm run bench -- --only=…`', () => {
  it('keeps the figures of sections that did not run and replaces the ones measured again', () => {
    const before = [
      fig('server', 'report p95', 900),
      fig('browser', 'bundle', 60),
      fig('server', 'ingest', 1),
    ];
    const after = mergeResults(before, [
      fig('server', 'report p95', 250, 'now'),
      fig('server', 'new one', 3, 'now'),
    ]);
    expect(after.map((f) => [f.section, f.name, f.value, f.measuredAt])).toEqual([
      ['server', 'report p95', 250, 'now'],
      ['browser', 'bundle', 60, 'then'],
      ['server', 'ingest', 1, 'then'],
      ['server', 'new one', 3, 'now'],
    ]);
  });

  describe('reading the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rt-results-'));
    afterEach(() => rmSync(join(dir, 'results.json'), { force: true }));

    it('starts empty without a file and reads back what a run wrote', () => {
      const file = join(dir, 'results.json');
      expect(readResults(file)).toEqual([]);
      writeFileSync(file, JSON.stringify({ figures: [fig('x', 'y', 1)] }));
      expect(readResults(file)).toEqual([fig('x', 'y', 1)]);
      expect(readFileSync(file, 'utf8')).toContain('"section":"x"');
    });

    it('refuses a damaged file with a clear error instead of dropping every old figure', () => {
      const file = join(dir, 'results.json');
      writeFileSync(file, '{"figures": [');
      expect(() => readResults(file)).toThrow(/results\.json is not JSON/);
      writeFileSync(file, '{"rows": []}');
      expect(() => readResults(file)).toThrow(/no figures list/);
    });
  });
});
