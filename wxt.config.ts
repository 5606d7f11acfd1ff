import { defineConfig } from 'wxt';
import { X_MATCHES } from './lib/platforms/x/matches';
import { YOUTUBE_MATCHES } from './lib/platforms/youtube/matches';

/**
 * `RT_E2E=1` (npm run build:e2e) builds the end-to-end tests' flavour into its own folder: the same
 * extension but for test-only hooks (lib/content/build-flavour.ts), so `.output/` is only ever the build
 * people install.
 */
const E2E = process.env.RT_E2E === '1';

// The extension's shape lives here; behaviour lives in lib/.
export default defineConfig({
  modules: ['@wxt-dev/module-react'],
  outDir: E2E ? '.output-e2e' : '.output',
  vite: () => ({
    define: { __RT_E2E__: JSON.stringify(E2E) },
    build: {
      // RT_NO_MINIFY=1: readable function names in a CPU profile (bench/browser.ts, BENCH_PROFILE=1).
      ...(process.env.RT_NO_MINIFY === '1' ? { minify: false } : {}),
      rollupOptions: {
        onwarn(warning, warn) {
          // Zod's sources carry comments Rollup cannot place; harmless, and they drown real warnings.
          if (warning.code === 'INVALID_ANNOTATION') return;
          warn(warning);
        },
      },
    },
  }),
  manifest: ({ browser }) => ({
    name: 'Reply Tracker',
    description:
      'Flags the threads your team tracks on X and YouTube, suggests how to answer, and counts your replies and likes.',
    permissions: ['storage', 'unlimitedStorage', 'alarms'],
    // The team server's origin is asked for at connect time, never declared for all URLs.
    optional_host_permissions: ['http://*/*', 'https://*/*'],
    // The content apps, imported by their small loader scripts (lib/content/loader.ts, issue 10). Only
    // on the sites the loaders run on; Chrome serves them under a per-session id, so a page cannot
    // probe a fixed URL to learn the extension is installed.
    web_accessible_resources: [
      {
        resources: ['x-app.js', 'youtube-app.js'],
        matches: [...X_MATCHES, ...YOUTUBE_MATCHES],
        ...(browser === 'firefox' ? {} : { use_dynamic_url: true }),
      },
    ],
    commands: {
      'toggle-sidebar': {
        suggested_key: { default: 'Alt+Shift+R' },
        description: 'Move into the Reply Tracker sidebar (opening it) and back to the page',
      },
    },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            // 128: the first Firefox with MAIN-world content scripts, which the network observer needs.
            gecko: {
              id: 'reply-tracker@example.org',
              strict_min_version: '128.0',
              // Logged replies (text, links) go to the team's own server.
              data_collection_permissions: { required: ['websiteActivity', 'websiteContent'] },
            },
          },
        }
      : {}),
  }),
});
