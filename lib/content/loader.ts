import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';

/**
 * The content script the browser injects into every x.com / YouTube page is this loader and nothing
 * else (issue 10: its first chunk ≤ 60 KB). The app itself (the sidebar's React UI, the classifier and
 * its rules, the playbooks, Zod, the call judge) is a module of its own (entrypoints/x-app.ts,
 * youtube-app.ts), imported from the extension's files when the page is idle. A module imported by a
 * content script runs in the content script's isolated world, so it has the same extension APIs and
 * the page still cannot see it.
 */
export type StartApp = (ctx: ContentScriptContext) => Promise<void>;

/** Where the app module leaves its start function (the isolated world's global, invisible to the page). */
const SLOT = Symbol.for('reply-tracker.content-app');
type Holder = Record<symbol, StartApp | undefined>;

/** Called by the app module when it is evaluated. */
export function registerContentApp(start: StartApp, world: object = globalThis): void {
  (world as Holder)[SLOT] = start;
}

/** The app module's file, as web_accessible_resources lists it (wxt.config.ts). */
export type AppModule = '/x-app.js' | '/youtube-app.js';

export async function loadContentApp(
  ctx: ContentScriptContext,
  module: AppModule,
  world: object = globalThis,
): Promise<void> {
  try {
    // A full extension URL: the browser resolves it against the extension, never the page.
    await import(/* @vite-ignore */ browser.runtime.getURL(module));
  } catch (err) {
    // Nothing of the extension runs on this page then; say so where a developer or support looks.
    console.error(
      `Reply Tracker could not load ${module}; the sidebar and logging are off on this page.`,
      err,
    );
    return;
  }
  const start = (world as Holder)[SLOT];
  if (!start) {
    console.error(`Reply Tracker: ${module} loaded but did not register its app.`);
    return;
  }
  if (ctx.isInvalid) return;
  await start(ctx);
}
