import '@/components/popup/popup.css';
import { createRoot } from 'react-dom/client';
import { z } from 'zod';
import { Popup } from '@/components/popup/Popup';
import { backgroundSettingsServices } from '@/lib/popup/services';
import { createSettingsStore } from '@/lib/popup/store';
import { requestPersistentStorage } from '@/lib/storage/persist';

// Extension pages forbid eval; keep Zod from probing for it.
z.config({ jitless: true });
void requestPersistentStorage();
const store = createSettingsStore(backgroundSettingsServices);
createRoot(document.getElementById('root')!).render(
  <Popup
    store={store}
    onOpenOptions={backgroundSettingsServices.openOptions}
    onOpenDashboard={backgroundSettingsServices.openDashboard}
  />,
);
