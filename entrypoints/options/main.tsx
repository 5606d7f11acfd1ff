import '@/components/popup/popup.css';
import '@/components/options/playbooks/playbooks.css';
import '@/components/options/export/export.css';
import '@/components/options/monitoring.css';
import { createRoot } from 'react-dom/client';
import { z } from 'zod';
import { Options } from '@/components/options/Options';
import { createTermsEditorStore } from '@/lib/monitoring/editor';
import { backgroundTermsServices } from '@/lib/monitoring/editor-services';
import { backgroundPagesServices } from '@/lib/pages/services';
import { createPagesStore } from '@/lib/pages/store';
import { backgroundDraftServices } from '@/lib/playbooks-draft/services';
import { createPlaybooksDraftStore } from '@/lib/playbooks-draft/store';
import { createLocalExportStore } from '@/lib/reports/local-export-store';
import { dexieLocalExportServices } from '@/lib/reports/local-source';
import { getDb } from '@/lib/storage/db';
import { requestPersistentStorage } from '@/lib/storage/persist';

// Extension pages forbid eval; keep Zod from probing for it.
z.config({ jitless: true });
void requestPersistentStorage();
const store = createPagesStore(backgroundPagesServices);
const editor = createPlaybooksDraftStore(backgroundDraftServices);
const terms = createTermsEditorStore(backgroundTermsServices);
// The log is read straight from the extension's IndexedDB: see lib/reports/local-source.ts.
const localExport = createLocalExportStore(dexieLocalExportServices(getDb));
createRoot(document.getElementById('root')!).render(
  <Options
    store={store}
    editor={editor}
    terms={terms}
    localExport={localExport}
    onOpenDashboard={backgroundPagesServices.openDashboard}
  />,
);
