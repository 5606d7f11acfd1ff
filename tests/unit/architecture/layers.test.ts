// @vitest-environment node
/**
 * The layers of docs/architecture.md, enforced on the import graph (type imports included: a type
 * is a dependency too). A failure names the file and the import that broke the rule.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../../..');
const SOURCE_DIRS = ['lib', 'components', 'entrypoints', 'server'];
const EXTENSIONS = ['.ts', '.tsx'];

interface Edge {
  from: string;
  /** A repository path (without extension) for our own modules, else the package specifier. */
  to: string;
  local: boolean;
}

function listFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) listFiles(path, out);
    else if (EXTENSIONS.some((e) => name.endsWith(e)) && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

function resolveLocal(fromFile: string, spec: string): string | undefined {
  let base: string;
  if (spec.startsWith('@/') || spec.startsWith('~/')) base = resolve(ROOT, spec.slice(2));
  else if (spec.startsWith('.')) base = resolve(dirname(fromFile), spec);
  else return undefined;
  for (const candidate of [
    base,
    ...EXTENSIONS.map((e) => base + e),
    ...EXTENSIONS.map((e) => join(base, `index${e}`)),
  ]) {
    try {
      if (statSync(candidate).isFile()) return relative(ROOT, candidate);
    } catch {
      // not this one
    }
  }
  return relative(ROOT, base);
}

function collectEdges(): Edge[] {
  const edges: Edge[] = [];
  for (const dir of SOURCE_DIRS) {
    for (const file of listFiles(join(ROOT, dir))) {
      const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
      const from = relative(ROOT, file);
      for (const { fileName: spec } of info.importedFiles) {
        if (spec.endsWith('.css')) continue;
        const local = resolveLocal(file, spec);
        edges.push(local ? { from, to: local, local: true } : { from, to: spec, local: false });
      }
    }
  }
  return edges;
}

const EDGES = collectEdges();
const describeEdge = (e: Edge) => `${e.from} → ${e.to}`;

/** `lib/sync/engine.ts` → `lib/sync`; `lib/domain/metrics.ts` → `lib/domain`; `server/x/y.ts` → `server`. */
function layerOf(path: string): string {
  const parts = path.split('/');
  if (parts[0] !== 'lib') return parts[0] ?? path;
  return `lib/${(parts[1] ?? '').replace(/\.tsx?$/, '')}`;
}

describe('layers', () => {
  it('reads a real graph', () => {
    expect(EDGES.length).toBeGreaterThan(500);
    expect(EDGES.some((e) => e.from === 'lib/sync/engine.ts')).toBe(true);
  });

  it('lib/schemas is the bottom: it imports only Zod and itself', () => {
    const bad = EDGES.filter(
      (e) =>
        e.from.startsWith('lib/schemas/') && (e.local ? !e.to.startsWith('lib/schemas/') : e.to !== 'zod'),
    );
    expect(bad.map(describeEdge)).toEqual([]);
  });

  it('lib/ never imports the UI, the entry points or the server', () => {
    const bad = EDGES.filter(
      (e) => e.from.startsWith('lib/') && e.local && /^(components|entrypoints|server)\//.test(e.to),
    );
    expect(bad.map(describeEdge)).toEqual([]);
  });

  it('components reach storage and the network only through lib/ services', () => {
    const bad = EDGES.filter(
      (e) =>
        e.from.startsWith('components/') &&
        (e.local ? /^lib\/storage\/db|^lib\/sync\/api/.test(e.to) : /^(dexie|wxt\/browser)$/.test(e.to)),
    );
    expect(bad.map(describeEdge)).toEqual([]);
  });

  it('the server never reaches browser-only code, however indirectly', () => {
    const byFile = new Map<string, Edge[]>();
    for (const e of EDGES) byFile.set(e.from, [...(byFile.get(e.from) ?? []), e]);
    const bad: string[] = [];
    for (const start of byFile.keys()) {
      if (!start.startsWith('server/')) continue;
      // Breadth-first over our own modules, remembering how each was reached.
      const via = new Map<string, string>([[start, '']]);
      const queue = [start];
      while (queue.length > 0) {
        const file = queue.shift() as string;
        for (const e of byFile.get(file) ?? []) {
          if (!e.local) {
            if (/^(dexie|react|react-dom|wxt)(\/|$)/.test(e.to)) {
              const chain = [e.to, file];
              for (let at = via.get(file); at; at = via.get(at)) chain.push(at);
              bad.push(chain.reverse().join(' → '));
            }
            continue;
          }
          if (/^(components|entrypoints)\//.test(e.to)) bad.push(`${file} → ${e.to}`);
          if (!via.has(e.to)) {
            via.set(e.to, file);
            queue.push(e.to);
          }
        }
      }
    }
    expect([...new Set(bad)]).toEqual([]);
  });

  it('the folders of lib/ form no cycle', () => {
    const graph = new Map<string, Set<string>>();
    for (const e of EDGES) {
      if (!e.local || !e.from.startsWith('lib/') || !e.to.startsWith('lib/')) continue;
      const a = layerOf(e.from);
      const b = layerOf(e.to);
      if (a === b) continue;
      if (!graph.has(a)) graph.set(a, new Set());
      graph.get(a)?.add(b);
    }
    // Depth-first search; a grey node seen again closes a cycle.
    const state = new Map<string, 'grey' | 'black'>();
    const cycles: string[] = [];
    const visit = (node: string, path: string[]) => {
      state.set(node, 'grey');
      for (const next of graph.get(node) ?? []) {
        if (state.get(next) === 'grey')
          cycles.push([...path.slice(path.indexOf(next)), node, next].join(' → '));
        else if (!state.has(next)) visit(next, [...path, node]);
      }
      state.set(node, 'black');
    };
    for (const node of graph.keys()) if (!state.has(node)) visit(node, []);
    expect(cycles).toEqual([]);
  });
});
