import { postElementRef } from '../platforms/lazy-post';
import type { PostInfo } from '../platforms/types';

interface Entry {
  info: PostInfo;
  /** Weak: X unmounts timeline cells as the ambassador scrolls, and the page must be free to drop them. */
  elements: WeakRef<Element>[];
}

/**
 * Posts seen on the page, by id; an id can show in several places (timeline and thread). Holds no
 * element alive: X keeps only the ~40 visible cells of a timeline in the DOM, and an index of elements
 * kept every cell the ambassador ever scrolled past (issue 10: +251,000 DOM nodes after 2,000 tweets).
 * What it remembers about posts no longer on the page (for a like whose answer arrives after the
 * cell is gone) is bounded by `capacity`.
 */
export class PostIndex {
  private readonly byId = new Map<string, Entry>();
  /**
   * Size at which the next prune runs; grows while most posts are still on the page (amortised O(1)),
   * so what it remembers of posts no longer on the page stays within `capacity`.
   */
  private pruneAt: number;

  constructor(private readonly capacity = 1000) {
    this.pruneAt = capacity;
  }

  /** How many posts it remembers (on the page or recently seen). */
  get size(): number {
    return this.byId.size;
  }

  add(element: Element, info: PostInfo): void {
    const entry = this.byId.get(info.id);
    // The lazy post's own reference when it was read from this element: one WeakRef per post, not two.
    const ref = postElementRef(info, element);
    if (!entry) {
      // A post seen for the first time (nearly every one on a long page): nothing to merge.
      this.byId.set(info.id, { info, elements: [ref] });
      if (this.byId.size > this.pruneAt) this.prune();
      return;
    }
    // Re-inserted, so the Map's order stays "least recently seen first" for pruning.
    this.byId.delete(info.id);
    const elements = entry.elements.filter((r) => {
      const el = r.deref();
      return el !== undefined && el !== element && el.isConnected;
    });
    elements.push(ref);
    this.byId.set(info.id, { info, elements });
    if (this.byId.size > this.pruneAt) this.prune();
  }

  get(id: string): PostInfo | undefined {
    return this.byId.get(id)?.info;
  }

  /** Live elements only. */
  *entries(): Generator<[PostInfo, Element]> {
    for (const entry of this.byId.values()) {
      for (const ref of entry.elements) {
        const el = ref.deref();
        if (el?.isConnected) yield [entry.info, el];
      }
    }
  }

  /** Forgets the least recently seen posts that are no longer on the page, down to three quarters full. */
  private prune(): void {
    const target = Math.floor(this.capacity * 0.75);
    for (const [id, entry] of this.byId) {
      if (this.byId.size <= target) break;
      if (!entry.elements.some((ref) => ref.deref()?.isConnected)) this.byId.delete(id);
    }
    // Still over the target: most posts are on the page (a long timeline that does not virtualise), and
    // a prune per quarter of growth rechecked every one of them (issue 10: ~3.7 µs per tweet of 2,000).
    const grow = this.byId.size > target ? 2 : 1.25;
    this.pruneAt = Math.max(this.capacity, Math.ceil(this.byId.size * grow));
  }
}
