import { ask } from '../messaging/client';
import type { TermsEditorServices } from './editor';

// Apart from the store: the messaging client pulls in the extension API, which tests replace with fakes.
// The token stays in the background: the page hands over the settings, the background publishes them.
export const backgroundTermsServices: TermsEditorServices = {
  latest: () => ask('monitoring-latest', {}),
  publish: (settings, baseVersion) => ask('publish-monitoring', { settings, baseVersion }),
};
