import { defineContentScript } from 'wxt/utils/define-content-script';
// As text: the first paint's shadow root (lib/content/first-paint.ts) uses the sidebar's own stylesheet.
import css from '@/components/sidebar/sidebar.css?inline';
import { startContentCore } from '@/lib/content/core';
import { loadContentApp } from '@/lib/content/loader';
import { sidebarLeftOpen } from '@/lib/content/saved-state';
import { ask } from '@/lib/messaging/client';
import { X_MATCHES } from '@/lib/platforms/x/matches';
import { xPageAdapter } from '@/lib/platforms/x/page-adapter';

// The first chunk on x.com (issue 10): the core watches the page and logs from document_start, so an
// action taken before the sidebar is up is not missed; the app (entrypoints/x-app.ts) is imported at once
// and attaches to it (lib/content/loader.ts).
export default defineContentScript({
  matches: X_MATCHES,
  // The app passes the sidebar's CSS to its shadow root itself (lib/content/app.tsx).
  cssInjectionMode: 'manual',
  runAt: 'document_start',
  main: (ctx) =>
    loadContentApp(
      ctx,
      '/x-app.js',
      startContentCore(ctx, xPageAdapter, {
        send: (action) => ask('log-action', { action }),
        firstPaint: { css, isOpen: sidebarLeftOpen() },
      }),
    ),
});
