import { defineConfig } from 'wxt';

// The extension's shape lives here; behaviour lives in lib/.
export default defineConfig({
  modules: ['@wxt-dev/module-react'],
  manifest: ({ browser }) => ({
    name: 'Reply Tracker',
    description:
      'Flags the threads your team tracks on X and YouTube, suggests how to answer, and counts your replies and likes.',
    permissions: ['storage', 'unlimitedStorage', 'alarms'],
    // The team server's origin is asked for at connect time, never declared for all URLs.
    optional_host_permissions: ['http://*/*', 'https://*/*'],
    commands: {
      'toggle-sidebar': {
        suggested_key: { default: 'Alt+Shift+R' },
        description: 'Show or hide the Reply Tracker sidebar',
      },
    },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: { id: 'reply-tracker@example.org', strict_min_version: '128.0' },
          },
        }
      : {}),
  }),
});
