import 'fake-indexeddb/auto';
import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';

// Vitest runs without globals, so Testing Library cannot register its own cleanup.
afterEach(cleanup);

// findBy*/waitFor give up after 1 s by default. The whole suite runs its files side by side on two cores
// (CI's machine), where parsing and validating a playbooks file in jsdom has taken longer than that (the
// options page's import test failed once so). Waiting longer for what does appear costs nothing; a thing
// that never appears still fails, after 5 s.
configure({ asyncUtilTimeout: 5000 });
