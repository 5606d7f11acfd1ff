import { defineContentScript } from 'wxt/utils/define-content-script';
import { loadContentApp } from '@/lib/content/loader';
import { YOUTUBE_MATCHES } from '@/lib/platforms/youtube/matches';

// Only a loader: the app is entrypoints/youtube-app.ts, imported when the page is idle (lib/content/loader.ts).
export default defineContentScript({
  matches: YOUTUBE_MATCHES,
  // The app passes the sidebar's CSS to its shadow root itself (lib/content/app.tsx).
  cssInjectionMode: 'manual',
  runAt: 'document_idle',
  main: (ctx) => loadContentApp(ctx, '/youtube-app.js'),
});
