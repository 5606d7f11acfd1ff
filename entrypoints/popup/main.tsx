import '@/components/popup/popup.css';
import { createRoot } from 'react-dom/client';
import { z } from 'zod';
import { Popup } from '@/components/popup/Popup';
import { backgroundCaptureServices } from '@/lib/pages/capture-services';
import { createCaptureStore } from '@/lib/pages/capture-store';
import { backgroundSettingsServices } from '@/lib/pages/services';
import { createSettingsStore } from '@/lib/pages/store';
import { requestPersistentStorage } from '@/lib/storage/persist';

// Extension pages forbid eval; keep Zod from probing for it.
z.config({ jitless: true });
void requestPersistentStorage();
const store = createSettingsStore(backgroundSettingsServices);
const capture = createCaptureStore(backgroundCaptureServices);
createRoot(document.getElementById('root')!).render(
  <Popup
    store={store}
    capture={capture}
    onOpenOptions={backgroundSettingsServices.openOptions}
    onOpenDashboard={backgroundSettingsServices.openDashboard}
  />,
);
