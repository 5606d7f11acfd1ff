import { describeAxeStates } from './harness/accessibility';

/*
 * axe-core over the sidebar (x.com light, dim, dark; YouTube light, dark), the popup and the options
 * page, as an ambassador and as a manager (tests/e2e/harness/accessibility.ts). The other states:
 * accessibility-lead-and-outside.test.ts.
 */
describeAxeStates(['ambassador', 'manager']);
