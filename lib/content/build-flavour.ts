/**
 * Which build this is. `RT_E2E=1` (`npm run build:e2e`, into `.output-e2e/`) makes the end-to-end tests'
 * build; `npm run build` makes the one people install. wxt.config.ts defines `__RT_E2E__` at build time,
 * so the production bundle carries the constant `false` and the test-only branches fold away.
 * Outside a WXT build (unit tests) it is undefined: production behaviour.
 */
declare const __RT_E2E__: boolean | undefined;

export const E2E_BUILD: boolean = typeof __RT_E2E__ !== 'undefined' && __RT_E2E__ === true;
