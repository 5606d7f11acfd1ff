import { defineContentScript } from 'wxt/utils/define-content-script';
import { acceptChannel } from '@/lib/capture/handshake';
import { X_MATCHES } from '@/lib/platforms/x/matches';
import { YOUTUBE_MATCHES } from '@/lib/platforms/youtube/matches';

// Isolated world at document_start: takes the network observer's private port before any page script
// runs; the sidebar app (document_idle) reads it from this world's global.
export default defineContentScript({
  matches: [...X_MATCHES, ...YOUTUBE_MATCHES],
  runAt: 'document_start',
  main() {
    acceptChannel(window);
  },
});
