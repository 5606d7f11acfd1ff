import { defineContentScript } from 'wxt/utils/define-content-script';
import { loadContentApp } from '@/lib/content/loader';
import { X_MATCHES } from '@/lib/platforms/x/matches';

// Only a loader: the app is entrypoints/x-app.ts, imported when the page is idle (lib/content/loader.ts).
export default defineContentScript({
  matches: X_MATCHES,
  // The app passes the sidebar's CSS to its shadow root itself (lib/content/app.tsx).
  cssInjectionMode: 'manual',
  runAt: 'document_idle',
  main: (ctx) => loadContentApp(ctx, '/x-app.js'),
});
