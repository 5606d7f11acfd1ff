import { ask } from '../messaging/client';
import type { PlaybooksDraftServices } from './store';

// Apart from the store: the messaging client pulls in the extension API, which tests replace with fakes.
export const backgroundDraftServices: PlaybooksDraftServices = {
  latest: () => ask('playbooks-latest', {}),
  // The token stays in the background: the page hands over the document, the background publishes.
  publish: (content, baseVersion) => ask('publish-playbooks', { content, baseVersion }),
  saveFile(name, text) {
    const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
    const a = Object.assign(document.createElement('a'), { href: url, download: name });
    a.click();
    // The click has started the download; the URL is no longer needed after this task.
    setTimeout(() => URL.revokeObjectURL(url), 0);
  },
};
