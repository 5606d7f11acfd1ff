/** Where the youtube.com content scripts run. */
export const YOUTUBE_MATCHES = [
  'https://www.youtube.com/*',
  'https://m.youtube.com/*',
  'https://youtube.com/*',
];
