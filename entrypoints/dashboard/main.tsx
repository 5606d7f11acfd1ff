import '@/components/dashboard/dashboard.css';
import { createRoot } from 'react-dom/client';
import { z } from 'zod';
import { Dashboard } from '@/components/dashboard/Dashboard';
import { createServerReportsServices } from '@/lib/reports/services';
import { createDashboardStore, initialFromSearch } from '@/lib/reports/store';
import { connectionItem } from '@/lib/settings/store';
import { getDb } from '@/lib/storage/db';

// Extension pages forbid eval; keep Zod from probing for it.
z.config({ jitless: true });
// The connection the options page made, read from the extension's own IndexedDB: this is an
// extension page, which may hold the token, and the export has to stream straight into it.
const services = createServerReportsServices({
  connection: async () => {
    const c = await connectionItem.get(getDb());
    return c && !c.rejectedAt ? c : undefined;
  },
  fetch: (input, init) => fetch(input, init),
});
const store = createDashboardStore(services, initialFromSearch(location.search, new Date()));
createRoot(document.getElementById('root')!).render(<Dashboard store={store} />);
