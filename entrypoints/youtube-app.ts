import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { Sidebar } from '@/components/sidebar/Sidebar';
// As text, for the shadow root: the loader (lib/content/loader.ts) injects no CSS of its own.
import css from '@/components/sidebar/sidebar.css?inline';
import { startContentApp } from '@/lib/content/app';
import { registerContentApp } from '@/lib/content/loader';
import { youtubeAdapter } from '@/lib/platforms/youtube/adapter';

// The YouTube content app, imported by the content script entrypoints/youtube.content (lib/content/loader.ts).
export default defineUnlistedScript(() =>
  registerContentApp((ctx, core) => startContentApp(ctx, core, youtubeAdapter, { Sidebar, css })),
);
