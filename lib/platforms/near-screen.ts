/**
 * Work that can wait until an element comes near the screen (issue 10): a YouTube watch page appends
 * comments by the thousand below the fold, and reading each one as it mounts (its id, its badge or
 * picker) was most of the extension's scripting per comment; nobody reads, likes or answers a comment
 * before it has been on screen. One IntersectionObserver per document serves every such wait (the
 * watcher's and the pickers'), with a screen's height of margin above and below, so the work is done
 * before the element scrolls in.
 */

type Callback = (element: Element) => void;

interface Registry {
  observer: IntersectionObserver;
  waiting: WeakMap<Element, Callback[]>;
}

/** Per document; null where there is no IntersectionObserver (older engines, jsdom). */
const registries = new WeakMap<Document, Registry | null>();

function registry(doc: Document): Registry | null {
  const known = registries.get(doc);
  if (known !== undefined) return known;
  const Observer = doc.defaultView?.IntersectionObserver;
  if (typeof Observer !== 'function') {
    registries.set(doc, null);
    return null;
  }
  const waiting = new WeakMap<Element, Callback[]>();
  const observer = new Observer(
    (entries) => {
      for (const entry of entries) {
        if (!entry.isIntersecting) continue;
        const element = entry.target;
        const callbacks = waiting.get(element);
        waiting.delete(element);
        observer.unobserve(element);
        // Each caller wraps its own callback (a watcher reports its errors); one failing must not
        // keep the others from running.
        for (const callback of callbacks ?? []) {
          try {
            callback(element);
          } catch (error) {
            console.debug('Reply Tracker: work for an element near the screen failed:', error);
          }
        }
      }
    },
    { rootMargin: '100% 0px' },
  );
  const made: Registry = { observer, waiting };
  registries.set(doc, made);
  return made;
}

/**
 * Runs `callback(element)` once the element is within a screen of the viewport (at the next frame if it
 * already is). False where the document has no IntersectionObserver: the caller does the work now.
 * The same callback given twice for one element runs once.
 */
export function whenNearScreen(element: Element, callback: Callback): boolean {
  const r = registry(element.ownerDocument);
  if (!r) return false;
  const callbacks = r.waiting.get(element);
  if (!callbacks) {
    r.waiting.set(element, [callback]);
    r.observer.observe(element);
  } else if (!callbacks.includes(callback)) callbacks.push(callback);
  return true;
}

/** Drops `callback`'s wait for `element` (the element left the page, or the work was done another way). */
export function cancelNearScreen(element: Element, callback: Callback): void {
  const r = registries.get(element.ownerDocument);
  const callbacks = r?.waiting.get(element);
  if (!r || !callbacks) return;
  const at = callbacks.indexOf(callback);
  if (at < 0) return;
  callbacks.splice(at, 1);
  if (callbacks.length > 0) return;
  r.waiting.delete(element);
  r.observer.unobserve(element);
}
