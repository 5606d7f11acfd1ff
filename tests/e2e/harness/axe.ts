import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeFinding {
  id: string;
  impact: string;
  help: string;
  targets: string[];
  /** What axe measured at each target (for contrast: the ratio and both colours). */
  details: string[];
}

/**
 * Runs axe-core (WCAG 2.0–2.2 A and AA rules) in the page and answers the serious and critical
 * violations. `within`: only nodes under this host element (the sidebar's shadow root included), so
 * the fake site's own markup does not count against us.
 */
export async function seriousViolations(page: Page, within?: string): Promise<AxeFinding[]> {
  // Injected as a script through the page's main world; extension pages allow it via evaluate.
  await page.evaluate(AXE_SOURCE);
  const found = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<unknown> } })
      .axe;
    const res = (await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
      resultTypes: ['violations'],
    })) as {
      violations: {
        id: string;
        impact: string;
        help: string;
        nodes: { target: unknown[]; failureSummary?: string }[];
      }[];
    };
    return res.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n) => JSON.stringify(n.target)),
      details: v.nodes.map(
        (n) => `${JSON.stringify(n.target)}: ${(n.failureSummary ?? '').replace(/\s+/g, ' ')}`,
      ),
    }));
  });
  return found
    .map((v) => ({
      ...v,
      targets: within ? v.targets.filter((t) => t.includes(within)) : v.targets,
      details: within ? v.details.filter((d) => d.includes(within)) : v.details,
    }))
    .filter((v) => (v.impact === 'serious' || v.impact === 'critical') && v.targets.length > 0);
}

/**
 * Serious and critical violations in the page as it is, once with the light and once with the dark colour
 * scheme emulated (keyed by scheme, so a failure names it); the page's own scheme is restored after.
 */
export async function violationsInBothSchemes(page: Page): Promise<Record<'light' | 'dark', AxeFinding[]>> {
  const found: Record<'light' | 'dark', AxeFinding[]> = { light: [], dark: [] };
  try {
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      found[scheme] = await seriousViolations(page);
    }
  } finally {
    await page.emulateMedia({ colorScheme: null });
  }
  return found;
}
