import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { Sidebar } from '@/components/sidebar/Sidebar';
// As text, for the shadow root: the loader (lib/content/loader.ts) injects no CSS of its own.
import css from '@/components/sidebar/sidebar.css?inline';
import { startContentApp } from '@/lib/content/app';
import { registerContentApp } from '@/lib/content/loader';
import { xAdapter } from '@/lib/platforms/x/adapter';

// The x.com content app, imported by the content script entrypoints/x.content (lib/content/loader.ts).
export default defineUnlistedScript(() =>
  registerContentApp((ctx, core) => startContentApp(ctx, core, xAdapter, { Sidebar, css })),
);
