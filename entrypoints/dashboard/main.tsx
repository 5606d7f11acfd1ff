import '@/components/dashboard/dashboard.css';
import '@/components/dashboard/inbox/inbox.css';
import { createRoot } from 'react-dom/client';
import { z } from 'zod';
import { Dashboard } from '@/components/dashboard/Dashboard';
import { Inbox } from '@/components/dashboard/inbox/Inbox';
import { createServerInboxServices } from '@/lib/inbox/services';
import { createInboxStore } from '@/lib/inbox/store';
import { createServerReportsServices } from '@/lib/reports/services';
import { createDashboardStore, initialFromSearch } from '@/lib/reports/store';
import { connectionItem } from '@/lib/settings/store';
import { getDb } from '@/lib/storage/db';

// Extension pages forbid eval; keep Zod from probing for it.
z.config({ jitless: true });
// The connection the options page made, read from the extension's own IndexedDB: this is an
// extension page, which may hold the token, and the export has to stream straight into it.
const connection = async () => {
  const c = await connectionItem.get(getDb());
  return c && !c.rejectedAt ? c : undefined;
};
const services = createServerReportsServices({ connection, fetch: (input, init) => fetch(input, init) });
const inbox = createInboxStore(
  createServerInboxServices({ connection, fetch: (input, init) => fetch(input, init) }),
);
const store = createDashboardStore(services, initialFromSearch(location.search, new Date()));
createRoot(document.getElementById('root')!).render(
  <Dashboard store={store} inbox={<Inbox store={inbox} />} />,
);
