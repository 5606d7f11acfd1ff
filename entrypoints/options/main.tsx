import '@/components/popup/popup.css';
import '@/components/options/playbooks/playbooks.css';
import { createRoot } from 'react-dom/client';
import { z } from 'zod';
import { Options } from '@/components/options/Options';
import { createPlaybookEditorStore } from '@/lib/popup/playbook-editor';
import { backgroundEditorServices } from '@/lib/popup/playbook-editor-services';
import { backgroundSettingsServices } from '@/lib/popup/services';
import { createSettingsStore } from '@/lib/popup/store';
import { requestPersistentStorage } from '@/lib/storage/persist';

// Extension pages forbid eval; keep Zod from probing for it.
z.config({ jitless: true });
void requestPersistentStorage();
const store = createSettingsStore(backgroundSettingsServices);
const editor = createPlaybookEditorStore(backgroundEditorServices);
createRoot(document.getElementById('root')!).render(<Options store={store} editor={editor} />);
