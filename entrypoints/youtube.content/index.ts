import '@/components/sidebar/sidebar.css';
import { Sidebar } from '@/components/sidebar/Sidebar';
import { startContentApp } from '@/lib/content/app';
import { youtubeAdapter } from '@/lib/platforms/youtube/adapter';
import { YOUTUBE_MATCHES } from '@/lib/platforms/youtube/matches';

export default defineContentScript({
  matches: YOUTUBE_MATCHES,
  cssInjectionMode: 'ui',
  runAt: 'document_idle',
  main: (ctx) => startContentApp(ctx, youtubeAdapter, { Sidebar }),
});
