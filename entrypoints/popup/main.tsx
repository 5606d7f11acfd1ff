import '@/components/popup/popup.css';
import { createRoot } from 'react-dom/client';
import { z } from 'zod';
import { Popup } from '@/components/popup/Popup';
import { backgroundCaptureServices } from '@/lib/pages/capture-services';
import { createCaptureStore } from '@/lib/pages/capture-store';
import { backgroundPagesServices } from '@/lib/pages/services';
import { createPagesStore } from '@/lib/pages/store';
import { requestPersistentStorage } from '@/lib/storage/persist';

// Extension pages forbid eval; keep Zod from probing for it.
z.config({ jitless: true });
void requestPersistentStorage();
const store = createPagesStore(backgroundPagesServices);
const capture = createCaptureStore(backgroundCaptureServices);
createRoot(document.getElementById('root')!).render(
  <Popup
    store={store}
    capture={capture}
    onOpenOptions={backgroundPagesServices.openOptions}
    onOpenDashboard={backgroundPagesServices.openDashboard}
  />,
);
