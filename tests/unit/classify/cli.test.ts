// @vitest-environment node
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function run(stdin: string, ...args: string[]) {
  const r = spawnSync('npx', ['tsx', 'scripts/classify.ts', ...args], {
    input: stdin,
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { code: r.status, lines: r.stdout.split('\n').filter(Boolean), stderr: r.stderr };
}

describe('npm run classify', () => {
  it('writes one JSON line per input line, an error line for a malformed one, and fails at the end', () => {
    const input = [
      JSON.stringify({ text: 'is Kovra a scam??' }),
      '{"text": broken',
      JSON.stringify({ text: 'Вывод висит третий день @KovraSupport' }),
      JSON.stringify({ body: 'no text field' }),
      JSON.stringify({ text: 'thanks, works great 🙏' }),
    ].join('\n');
    const { code, lines } = run(`${input}\n`);
    expect(lines).toHaveLength(5);
    const out = lines.map((l) => JSON.parse(l));
    expect(out[0]).toMatchObject({ category: 'trust_doubt', matched: ['scam'] });
    expect(out[0].confidence).toBeGreaterThan(0);
    expect(out[0].confidence).toBeLessThanOrEqual(1);
    expect(out[1].error).toMatch(/not JSON/);
    expect(out[2]).toMatchObject({ category: 'support_needed' });
    expect(out[3].error).toMatch(/"text"/);
    expect(out[4]).toMatchObject({ category: 'positive_neutral' });
    expect(Object.keys(out[4]).sort()).toEqual([
      'band',
      'category',
      'confidence',
      'matched',
      'polarity',
      'polarityConfidence',
    ]);
    expect(out[4].polarity).toBe('positive');
    expect(out[2].polarity).toBe('negative');
    expect(code).toBe(1);
  }, 30_000);

  it('exits 0 when every line was fine', () => {
    expect(run('{"text":"app down again, 502"}\n').code).toBe(0);
  }, 30_000);

  it('uses a rules file, and refuses an invalid one with the paths of its errors', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rules-'));
    const good = join(dir, 'good.json');
    writeFileSync(
      good,
      JSON.stringify({
        version: 1,
        categories: { trolling: { phrases: [{ match: 'bozo*', weight: 3 }] } },
        fallback: 'technical_question',
      }),
    );
    // With no evidence at all, the rules' fallback answers, and says it is unsure.
    const ok = run('{"text":"what a bozo"}\n{"text":""}\n', '--rules', good);
    expect(ok.code).toBe(0);
    const [bozo, empty] = ok.lines.map((l) => JSON.parse(l));
    expect(bozo.category).toBe('trolling');
    expect(empty).toMatchObject({ category: 'technical_question', band: 'unsure' });

    const bad = join(dir, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify({
        version: 1,
        categories: {
          trust_doubt: {
            phrases: [
              { match: 'scam', weight: 3 },
              { match: 'scam', weight: 20 },
            ],
          },
        },
        fallback: 'nope',
      }),
    );
    const r = run('{"text":"x"}\n', '--rules', bad);
    expect(r.code).toBe(2);
    expect(r.lines).toEqual([]);
    expect(r.stderr).toContain(
      'categories.trust_doubt.phrases[1].weight: must be a number between -10 and 10',
    );
    expect(r.stderr).toContain('fallback: must be one of');
  }, 30_000);
});
