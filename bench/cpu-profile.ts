/**
 * Reading a V8 CPU profile (DevTools' Profiler.stop) for the benches that take one with BENCH_PROFILE=1:
 * bench/browser.ts over a page with the extension, bench/extension.ts over the service worker.
 */

export interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

export interface CpuProfile {
  nodes: { id: number; callFrame: CallFrame; children?: number[] }[];
  samples?: number[];
  timeDeltas?: number[];
}

/** A profile's call tree and its samples, each with the time it stands for. */
interface ProfileTree {
  frame(id: number | undefined): CallFrame | undefined;
  parent(id: number): number | undefined;
  /** The sampled node and its milliseconds, in order. */
  samples: { node: number; ms: number }[];
}

function readProfile(profile: CpuProfile): ProfileTree {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parents = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parents.set(c, n.id);
  const deltas = profile.timeDeltas ?? [];
  return {
    frame: (id) => (id === undefined ? undefined : byId.get(id)?.callFrame),
    parent: (id) => parents.get(id),
    samples: (profile.samples ?? []).map((node, i) => ({
      node,
      ms: (deltas[i + 1] ?? deltas[i] ?? 0) / 1000,
    })),
  };
}

const fileOf = (f: CallFrame) => f.url.split('/').pop() ?? '';
const fnOf = (f: CallFrame) => f.functionName || '(anonymous)';

/**
 * Inclusive time: every sample's time added once to each key on its stack (callees included, however
 * deep a function recurses). `keyOf` answers undefined for the frames left out.
 */
function inclusiveTime(tree: ProfileTree, keyOf: (f: CallFrame) => string | undefined): Map<string, number> {
  const total = new Map<string, number>();
  for (const { node, ms } of tree.samples) {
    const onStack = new Set<string>();
    for (let at: number | undefined = node; at !== undefined; at = tree.parent(at)) {
      const f = tree.frame(at);
      const key = f && keyOf(f);
      if (key !== undefined) onStack.add(key);
    }
    for (const k of onStack) total.set(k, (total.get(k) ?? 0) + ms);
  }
  return total;
}

function printTop(times: Map<string, number>, n: number, digits: number, width: number): void {
  const rows = [...times].sort((a, b) => b[1] - a[1]).slice(0, n);
  for (const [k, ms] of rows) console.log(`    ${ms.toFixed(digits).padStart(width)} ms  ${k}`);
}

const isExtension = (f: CallFrame | undefined) => f?.url.startsWith('chrome-extension://') ?? false;

/**
 * A page's profile: self time by function for the extension's own scripts (chrome-extension:// URLs),
 * a built-in named with the script function that called it; the total time of stacks that pass through
 * the extension (its callees included: querySelectorAll, getters, the page's layout they force); and the
 * extension's functions by inclusive time.
 */
export function printPageProfile(name: string, profile: CpuProfile): void {
  const tree = readProfile(profile);
  const ours = (id: number | undefined): boolean => {
    for (let at = id; at !== undefined; at = tree.parent(at)) if (isExtension(tree.frame(at))) return true;
    return false;
  };
  const self = new Map<string, number>();
  let inExtension = 0;
  for (const { node, ms } of tree.samples) {
    const f = tree.frame(node);
    if (!f) continue;
    const under = ours(node);
    if (under) inExtension += ms;
    const caller = f.url === '' ? tree.frame(tree.parent(node) ?? -1) : undefined;
    const from = caller
      ? ` ← ${fnOf(caller)} ${fileOf(caller)}:${caller.lineNumber + 1}:${caller.columnNumber + 1}`
      : '';
    const key = `${under ? 'ext ' : 'page'} ${fnOf(f)} ${fileOf(f)}:${f.lineNumber + 1}${from}`;
    self.set(key, (self.get(key) ?? 0) + ms);
  }
  console.log(
    `  profile (${name}): ${inExtension.toFixed(0)} ms in stacks through the extension; self time:`,
  );
  printTop(new Map([...self].filter(([k]) => k.startsWith('ext'))), 25, 1, 8);
  // Outside the extension's stacks, for the paired comparison: garbage collection, the page's own code.
  const page = new Map([...self].filter(([k]) => k.startsWith('page') && !k.includes('(idle)')));
  const outside = [...page.values()].reduce((t, ms) => t + ms, 0);
  console.log(`  outside the extension's stacks: ${outside.toFixed(0)} ms; the largest:`);
  printTop(page, 6, 1, 8);
  console.log('  inclusive time (callees included):');
  printTop(
    inclusiveTime(tree, (f) => (isExtension(f) ? `${fnOf(f)} ${fileOf(f)}:${f.lineNumber + 1}` : undefined)),
    25,
    1,
    8,
  );
}

/** A service worker's profile: where its time went (idle, GC, its functions) by self and total time. */
export function printWorkerProfile(profile: CpuProfile): void {
  const tree = readProfile(profile);
  const label = (f: CallFrame) => `${fnOf(f)} ${fileOf(f)}:${f.lineNumber + 1}:${f.columnNumber + 1}`;
  const self = new Map<string, number>();
  let all = 0;
  for (const { node, ms } of tree.samples) {
    all += ms;
    const key = label(tree.frame(node)!);
    self.set(key, (self.get(key) ?? 0) + ms);
  }
  console.log(`  sync profile: ${all.toFixed(0)} ms sampled in the service worker; self time:`);
  printTop(self, 30, 0, 7);
  console.log('  total time (self and callees):');
  printTop(inclusiveTime(tree, label), 40, 0, 7);
}
