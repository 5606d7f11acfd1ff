import '@/components/popup/popup.css';
import '@/components/options/playbooks/playbooks.css';
import '@/components/options/export/export.css';
import '@/components/options/monitoring.css';
import { createRoot } from 'react-dom/client';
import { z } from 'zod';
import { Options } from '@/components/options/Options';
import { createTermsEditorStore } from '@/lib/monitoring/editor';
import { backgroundTermsServices } from '@/lib/monitoring/editor-services';
import { backgroundSettingsServices } from '@/lib/pages/services';
import { createSettingsStore } from '@/lib/pages/store';
import { backgroundEditorServices } from '@/lib/playbook-editor/services';
import { createPlaybookEditorStore } from '@/lib/playbook-editor/store';
import { createLocalExportStore } from '@/lib/reports/local-export-store';
import { dexieLocalExportServices } from '@/lib/reports/local-source';
import { getDb } from '@/lib/storage/db';
import { requestPersistentStorage } from '@/lib/storage/persist';

// Extension pages forbid eval; keep Zod from probing for it.
z.config({ jitless: true });
void requestPersistentStorage();
const store = createSettingsStore(backgroundSettingsServices);
const editor = createPlaybookEditorStore(backgroundEditorServices);
const terms = createTermsEditorStore(backgroundTermsServices);
// The log is read straight from the extension's IndexedDB: see lib/reports/local-source.ts.
const localExport = createLocalExportStore(dexieLocalExportServices(getDb));
createRoot(document.getElementById('root')!).render(
  <Options
    store={store}
    editor={editor}
    terms={terms}
    localExport={localExport}
    onOpenDashboard={backgroundSettingsServices.openDashboard}
  />,
);
