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
  /** Every import of it in the file is `import type` / `export type` (erased: no code follows it). */
  typeOnly: boolean;
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

/** The specifiers a file imports as values (a plain import or export, or a dynamic `import()`). */
function valueImports(file: string, text: string): Set<string> {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false);
  const values = new Set<string>();
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const named = clause?.namedBindings;
      const typeOnly =
        clause !== undefined &&
        (clause.isTypeOnly ||
          (!clause.name &&
            named !== undefined &&
            ts.isNamedImports(named) &&
            named.elements.length > 0 &&
            named.elements.every((e) => e.isTypeOnly)));
      if (!typeOnly) values.add(node.moduleSpecifier.text);
    } else if (
      ts.isExportDeclaration(node) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier) &&
      !node.isTypeOnly
    ) {
      values.add(node.moduleSpecifier.text);
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      values.add(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return values;
}

function collectEdges(): Edge[] {
  const edges: Edge[] = [];
  for (const dir of SOURCE_DIRS) {
    for (const file of listFiles(join(ROOT, dir))) {
      const text = readFileSync(file, 'utf8');
      const info = ts.preProcessFile(text, true, true);
      const values = valueImports(file, text);
      const from = relative(ROOT, file);
      for (const { fileName: spec } of info.importedFiles) {
        if (spec.endsWith('.css')) continue;
        const local = resolveLocal(file, spec);
        const typeOnly = !values.has(spec);
        edges.push(
          local ? { from, to: local, local: true, typeOnly } : { from, to: spec, local: false, typeOnly },
        );
      }
    }
  }
  return edges;
}

/**
 * The server's route types, the one thing of the server's the extension may know: its typed client
 * (`lib/sync/client.ts`) is checked against them. A type import is erased at build time, so no server
 * code reaches the extension; a value import would bundle it.
 */
const SERVER_ROUTE_TYPES = 'server/app.ts';

/** Imports from lib/ that break "lib/ never imports the UI, the entry points or the server". */
function upwardFromLib(edges: readonly Edge[]): Edge[] {
  return edges.filter(
    (e) =>
      e.from.startsWith('lib/') &&
      e.local &&
      /^(components|entrypoints|server)\//.test(e.to) &&
      !(e.typeOnly && e.to === SERVER_ROUTE_TYPES),
  );
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
    expect(upwardFromLib(EDGES).map(describeEdge)).toEqual([]);
  });

  it("lib/ may know the server's route types, as a type import only", () => {
    // The typed client's import is seen, and seen as type-only.
    expect(
      EDGES.filter((e) => e.from === 'lib/sync/client.ts' && e.to === SERVER_ROUTE_TYPES).map(
        (e) => e.typeOnly,
      ),
    ).toEqual([true]);
    const edge = (to: string, typeOnly: boolean): Edge => ({
      from: 'lib/sync/client.ts',
      to,
      local: true,
      typeOnly,
    });
    // A value import of the same module, or a type import of any other server module, breaks the rule.
    expect(upwardFromLib([edge(SERVER_ROUTE_TYPES, false)])).toHaveLength(1);
    expect(upwardFromLib([edge('server/db/types.ts', true)])).toHaveLength(1);
    expect(upwardFromLib([edge('components/sidebar/Sidebar.tsx', true)])).toHaveLength(1);
    expect(upwardFromLib([edge(SERVER_ROUTE_TYPES, true)])).toEqual([]);
  });

  it('tells a type import from a value import', () => {
    const values = valueImports(
      'probe.ts',
      [
        "import type { A } from './a';",
        "import { type B } from './b';",
        "import { C, type D } from './c';",
        "import E from './e';",
        "export type { F } from './f';",
        "export { G } from './g';",
        "const h = () => import('./h');",
        "import './i';",
      ].join('\n'),
    );
    expect([...values].sort()).toEqual(['./c', './e', './g', './h', './i']);
  });

  it('components reach storage and the network only through lib/ services', () => {
    const bad = EDGES.filter(
      (e) =>
        e.from.startsWith('components/') &&
        (e.local
          ? /^lib\/storage\/db|^lib\/sync\/(api|client)/.test(e.to)
          : /^(dexie|wxt\/browser)$/.test(e.to)),
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
