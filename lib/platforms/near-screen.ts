/**
 * Work that can wait until an element comes near the screen (issue 10): a YouTube watch page appends
 * comments by the thousand below the fold, and reading each one as it mounts (its id, its badge or
 * picker) was most of the extension's scripting per comment; nobody reads, likes or answers a comment
 * before it has been on screen. One IntersectionObserver per document serves every such wait (the
 * watcher's and the pickers'), with a screen's height of margin above and below, so the work is done
 * before the element scrolls in.
 *
 * Chromium recomputes every observed target on every frame whose layout changed, whether it is near or
 * not: with the 1,000 waiting comments of a long watch page observed, that was ~190 ms of added task time
 * over the bench's 50 frames (a browser trace: `IntersectionObserverController::computeIntersections`
 * 197 ms with the extension, 15 ms without), and on a page whose player updates the layout it is paid
 * every frame. So an element the observer finds far away (more than a screen beyond the margin) is
 * set aside unobserved; it is observed again once the page has scrolled (half a screen, or a quarter
 * second of scrolling in an inner scroller) or the window is resized, when the observer looks at it
 * once more. Only the elements around the screen are computed frame after frame.
 */

type Callback = (element: Element) => void;

interface Registry {
  observer: IntersectionObserver;
  waiting: WeakMap<Element, Callback[]>;
  /** Waiting and far away at the observer's last look: not observed until the page scrolls. */
  far: Set<Element>;
}

/** Per document; null where there is no IntersectionObserver (older engines, jsdom). */
const registries = new WeakMap<Document, Registry | null>();

/** The margin around the screen within which an element counts as near: a screen above and below. */
const NEAR_MARGIN = '100% 0px';
/** An element set aside is looked at again after this much scrolling of the document, in screens… */
const SCROLL_SCREENS = 0.5;
/** …or, scrolling an inner scroller (whose position we do not follow), after this long. */
const SCROLL_MS = 250;

/**
 * Far: more than one screen beyond the near margin, where a scroll of half a screen (when set-aside
 * elements are looked at again) cannot bring it near. Without root bounds (a cross-origin frame) or
 * without a box (display: none) nothing is far: it stays observed, as every element did before.
 */
function isFar(entry: IntersectionObserverEntry): boolean {
  const root = entry.rootBounds;
  const box = entry.boundingClientRect;
  if (!root || !box || (box.width === 0 && box.height === 0)) return false;
  // The root is the viewport grown by a screen above and below: three screens tall.
  const screen = root.height / 3;
  return box.top > root.bottom + screen || box.bottom < root.top - screen;
}

function registry(doc: Document): Registry | null {
  const known = registries.get(doc);
  if (known !== undefined) return known;
  const view = doc.defaultView;
  const Observer = view?.IntersectionObserver;
  if (!view || typeof Observer !== 'function') {
    registries.set(doc, null);
    return null;
  }
  const waiting = new WeakMap<Element, Callback[]>();
  const far = new Set<Element>();
  const observer = new Observer(
    (entries) => {
      for (const entry of entries) {
        const element = entry.target;
        if (!entry.isIntersecting) {
          if (isFar(entry)) {
            observer.unobserve(element);
            far.add(element);
          }
          continue;
        }
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
    { rootMargin: NEAR_MARGIN },
  );

  // The observer looks again at what it set aside. An element that left the page is forgotten here
  // (its wait stays, weakly held: put back, it is observed again when its caller asks again).
  let lastY = 0;
  let lastSweep = Number.NEGATIVE_INFINITY;
  const sweep = () => {
    lastY = view.scrollY ?? 0;
    lastSweep = performance.now();
    for (const element of far) {
      far.delete(element);
      if (element.isConnected) observer.observe(element);
    }
  };
  let frame = false;
  let forced = false;
  let inner = false;
  const check = () => {
    frame = false;
    const force = forced;
    const timed = inner;
    forced = false;
    inner = false;
    if (far.size === 0) return;
    const moved = Math.abs((view.scrollY ?? 0) - lastY) >= (view.innerHeight ?? 0) * SCROLL_SCREENS;
    if (force || moved || (timed && performance.now() - lastSweep >= SCROLL_MS)) sweep();
  };
  // Read on the next frame, once per frame however many scroll events: reading scrollY in the event
  // would lay the page out early, before its own changes of the frame are in.
  const later = (force: boolean) => (event: Event) => {
    if (far.size === 0) return;
    forced ||= force;
    // The document's own scroll is followed by its position; an inner scroller's by time.
    inner ||= event.target !== doc;
    if (frame) return;
    frame = true;
    if (typeof view.requestAnimationFrame === 'function') view.requestAnimationFrame(check);
    else setTimeout(check, 16);
  };
  // Capture on the document: an inner scroller's scroll events do not bubble.
  const listen = { capture: true, passive: true } as const;
  doc.addEventListener('scroll', later(false), listen);
  doc.addEventListener('scrollend', later(true), listen);
  view.addEventListener?.('resize', later(true), { passive: true });

  const made: Registry = { observer, waiting, far };
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
  if (!callbacks) r.waiting.set(element, [callback]);
  else if (!callbacks.includes(callback)) callbacks.push(callback);
  // Observing an observed element does nothing; one put back on the page is looked at again.
  if (!r.far.has(element)) r.observer.observe(element);
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
  r.far.delete(element);
  r.observer.unobserve(element);
}
