/*
 * Runs inside the benchmarked page (the page's own world, as X's or YouTube's scripts would), so it is
 * plain JavaScript: no compiler helpers may leak into the function Playwright serialises.
 *
 * It grows the page the way the site does: clones the page's own items (tweets, comment threads,
 * Shorts) with fresh ids, a batch per frame; on a virtualised timeline it unmounts the oldest cells so
 * only `keep` stay, as X does. Returns how long each batch's task took (the page's append plus every
 * MutationObserver callback it triggered, ours included; not the rendering) and the long tasks seen
 * meanwhile.
 */
export async function drivePage(o) {
  const long = [];
  let observer;
  try {
    observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) long.push(e.duration);
    });
    observer.observe({ type: 'longtask' });
  } catch {
    // No long-task timing in this browser: the list stays empty and the bench says so.
  }
  // MutationObserver callbacks (the extension's included: one microtask notifies every observer) were
  // queued by the first mutation, so this runs after them and before the browser renders the frame.
  const afterObservers = () => new Promise((resolve) => queueMicrotask(resolve));
  const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));
  const pad = (n, width) => String(n).padStart(width, '0');
  // Fresh ids of the same length and shape, one set per copy.
  const rewrite = {
    x: (html, k) => html.replace(/\b1[0-9]{18}\b/g, (id) => `2${pad(k, 6)}${id.slice(7)}`),
    youtube: (html, k) =>
      html.replace(/\bUg[A-Za-z0-9_-]{20,}/g, (id) => `Ug${pad(k.toString(36), 4)}${id.slice(6)}`),
  }[o.ids];

  // The site renders its items from data, never from our markup: copies leave out what the extension
  // put into the page's items (pickers, badges), or every copy would carry one the extension never made.
  const pageOwn = (el) => {
    const copy = el.cloneNode(true);
    for (const ours of copy.querySelectorAll('[data-reply-tracker]')) ours.remove();
    return copy.outerHTML;
  };

  const list = document.querySelector(o.list);
  if (!list) throw new Error(`bench: no ${o.list} on ${location.href}`);
  const batches = [];

  if (o.kind === 'feed') {
    const templates = Array.from(list.querySelectorAll(`:scope > ${o.item}`)).map(pageOwn);
    if (templates.length === 0) throw new Error(`bench: no ${o.item} to copy`);
    for (let done = 0; done < o.total; ) {
      const n = Math.min(o.batch, o.total - done);
      let html = '';
      for (let i = 0; i < n; i++) html += rewrite(templates[(done + i) % templates.length], done + i + 1);
      const t0 = performance.now();
      const template = document.createElement('template');
      template.innerHTML = html;
      list.append(template.content);
      if (o.keep) while (list.children.length > o.keep) list.firstElementChild.remove();
      await afterObservers();
      batches.push(performance.now() - t0);
      done += n;
      await frame();
    }
  } else {
    // Shorts: the feed grows ahead of the viewer; each swipe moves is-active and the URL, and YouTube
    // announces the new page with yt-navigate-finish.
    const active = list.querySelector(`${o.item}[is-active]`);
    const template = pageOwn(active).replace(/\sis-active=""/, '');
    const reels = [active];
    for (let i = 1; i <= o.total; i++) {
      const t0 = performance.now();
      if (reels.length <= i) {
        const holder = document.createElement('template');
        holder.innerHTML = template.repeat(o.batch);
        const added = Array.from(holder.content.children);
        list.append(holder.content);
        reels.push(...added);
      }
      reels[i - 1].removeAttribute('is-active');
      reels[i].setAttribute('is-active', '');
      history.pushState({}, '', `/shorts/Sh${pad(i, 9)}`);
      document.dispatchEvent(new CustomEvent('yt-navigate-finish', { bubbles: true }));
      await afterObservers();
      batches.push(performance.now() - t0);
      await frame();
    }
  }
  await new Promise((resolve) => setTimeout(resolve, o.settleMs));
  observer?.disconnect();
  return { batches, long, supported: observer !== undefined };
}
