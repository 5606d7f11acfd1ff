import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Every .ts and .tsx file under `dir`, recursively. */
export function listSourceFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) listSourceFiles(path, out);
    else if (/\.(ts|tsx)$/.test(name)) out.push(path);
  }
  return out;
}

/**
 * The lines of a source file with its comments taken out (block comments across lines, `//` to the end
 * of the line when `lineComments`), each with its 1-based number and the line as written: what the
 * convention tests read, so a rule mentioned in a comment is not code. Read as text, not parsed: a `/*`
 * inside a string starts a comment here too.
 */
export function codeLines(
  text: string,
  { lineComments = true }: { lineComments?: boolean } = {},
): { code: string; raw: string; number: number }[] {
  const out: { code: string; raw: string; number: number }[] = [];
  let inBlock = false;
  text.split('\n').forEach((raw, i) => {
    let line = raw;
    if (inBlock) {
      const end = line.indexOf('*/');
      if (end < 0) return;
      line = line.slice(end + 2);
      inBlock = false;
    }
    line = line.replace(/\/\*.*?\*\//g, '');
    const open = line.indexOf('/*');
    if (open >= 0) {
      line = line.slice(0, open);
      inBlock = true;
    }
    if (lineComments) line = line.replace(/\/\/.*$/, '');
    out.push({ code: line, raw, number: i + 1 });
  });
  return out;
}
