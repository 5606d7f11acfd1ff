import '@/components/sidebar/sidebar.css';
import { Sidebar } from '@/components/sidebar/Sidebar';
import { startContentApp } from '@/lib/content/app';
import { xAdapter } from '@/lib/platforms/x/adapter';
import { X_MATCHES } from '@/lib/platforms/x/matches';

export default defineContentScript({
  matches: X_MATCHES,
  cssInjectionMode: 'ui',
  runAt: 'document_idle',
  main: (ctx) => startContentApp(ctx, xAdapter, { Sidebar }),
});
