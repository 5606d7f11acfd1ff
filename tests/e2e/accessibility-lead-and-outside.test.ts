import { describeAxeStates } from './harness/accessibility';

/*
 * axe-core over the sidebar (x.com light, dim, dark; YouTube light, dark), the popup and the options
 * page, not connected, as a lead, and signed out after the token was revoked
 * (tests/e2e/harness/accessibility.ts). An ambassador and a manager: accessibility-members.test.ts.
 */
describeAxeStates(['not connected', 'lead', 'signed out']);
