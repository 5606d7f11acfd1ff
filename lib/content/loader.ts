import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { ContentCore } from './core';

/**
 * The content script the browser injects into every x.com / YouTube page is small (issue 10: its first
 * chunk ≤ 60 KB): the core (lib/content/core.ts), which watches the page and logs from document_start,
 * and this loader. The app itself (the sidebar's React UI, the classifier and its rules, the playbooks,
 * Zod, the call judge) is a module of its own (entrypoints/x-app.ts, youtube-app.ts), imported from the
 * extension's files at once and started when the document has a body. A module imported by a content
 * script runs in the content script's isolated world, so it has the same extension APIs and the page
 * still cannot see it.
 */
export type StartApp = (ctx: ContentScriptContext, core: ContentCore) => Promise<void>;

/** Where the app module leaves its start function (the isolated world's global, invisible to the page). */
const SLOT = Symbol.for('reply-tracker.content-app');
type Holder = Record<symbol, StartApp | undefined>;

/** Called by the app module when it is evaluated. */
export function registerContentApp(start: StartApp, world: object = globalThis): void {
  (world as Holder)[SLOT] = start;
}

/** The app module's file, as web_accessible_resources lists it (wxt.config.ts). */
export type AppModule = '/x-app.js' | '/youtube-app.js';

/** Resolves once the parser has made the document's body (the app mounts its sidebar there). */
export function documentReady(doc: Document = document): Promise<void> {
  if (doc.readyState !== 'loading') return Promise.resolve();
  return new Promise((resolve) => doc.addEventListener('DOMContentLoaded', () => resolve(), { once: true }));
}

export async function loadContentApp(
  ctx: ContentScriptContext,
  module: AppModule,
  core: ContentCore,
  world: object = globalThis,
): Promise<void> {
  try {
    // A full extension URL: the browser resolves it against the extension, never the page.
    await import(/* @vite-ignore */ browser.runtime.getURL(module));
  } catch (err) {
    // The sidebar is off; the core still watches the page and logs what it shows.
    console.error(`Reply Tracker could not load ${module}; the sidebar is off on this page.`, err);
    core.release();
    return;
  }
  const start = (world as Holder)[SLOT];
  if (!start) {
    console.error(`Reply Tracker: ${module} loaded but did not register its app.`);
    core.release();
    return;
  }
  await documentReady();
  if (ctx.isInvalid) return;
  try {
    await start(ctx, core);
  } catch (err) {
    console.error('Reply Tracker: the sidebar could not start on this page.', err);
    core.release();
  }
}
