import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivityEvent } from '@/lib/schemas/event';
import { EXPORT_COLUMNS } from '../../lib/schemas/api';
import { violationsInBothSchemes } from './harness/axe';
import {
  type ExtensionBrowser,
  grantSiteAccess,
  launchWithExtension,
  watchPageErrors,
} from './harness/extension';
import { startTeamServer, type TeamServer } from './harness/server';

/*
 * The team lead's month: a seeded team server, the lead connects the extension and opens the report,
 * reads the figures against the targets, flips a chart to its table, finds an ambassador, checks the
 * overdue threads, exports the month as CSV and prints it.
 */

let server: TeamServer;
let browser: ExtensionBrowser;
let page: Page;
let errors: string[];

const now = new Date();
const MONTH = now.toISOString().slice(0, 7);
const monthStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
const prevStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1);

/** A small deterministic generator, so the screenshot and the expected figures never drift. */
function rng(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

const NAMES = [
  'amber',
  'bilal',
  'chen',
  'dasha',
  'emeka',
  'farah',
  'gus',
  'hana',
  'ivo',
  'jules',
  'kemal',
  'lina',
  'marta',
  'nico',
  'oksana',
  'pablo',
  'quinn',
  'rosa',
  'sven',
  'tariq',
];
const CATEGORIES = [
  'support_needed',
  'technical_question',
  'trust_doubt',
  'rumor_narrative',
  'incident_complaint',
  'positive_neutral',
] as const;

interface Seeded {
  member: string;
  event: ActivityEvent;
}

function generate(from: number, to: number, volume: number, seed: number): Seeded[] {
  const random = rng(seed);
  const out: Seeded[] = [];
  for (let i = 0; i < volume; i++) {
    // A few ambassadors carry most of the work; the last two were quiet.
    const member = NAMES[Math.floor(random() ** 1.8 * (NAMES.length - 2))]!;
    const youtube = random() < 0.3;
    const roll = random();
    const action = roll < 0.45 ? (youtube ? 'comment' : 'reply') : roll < 0.96 ? 'like' : 'unlike';
    const target = youtube
      ? `v${Math.floor(random() * 1e9)}`
      : String(1_800_000_000_000_000_000n + BigInt(i));
    const at = from + ((i + random()) / volume) * (to - from);
    out.push({
      member,
      event: {
        id: randomUUID(),
        platform: youtube ? 'youtube' : 'x',
        action,
        targetId: target,
        pageUrl: youtube
          ? `https://www.youtube.com/watch?v=${target}`
          : `https://x.com/someone/status/${target}`,
        ...(action === 'reply' || action === 'comment'
          ? {
              replyId: youtube ? `Ug${i}` : String(1_900_000_000_000_000_000n + BigInt(i)),
              replyText: `Had the same, here is what fixed it (${i})`,
            }
          : {}),
        category: CATEGORIES[Math.floor(random() * random() * CATEGORIES.length)]!,
        occurredAt: new Date(Math.floor(at)).toISOString(),
        source: 'network',
      },
    });
  }
  return out;
}

const current = generate(monthStart, now.getTime() - 60_000, 900, 7);
const previous = generate(prevStart, monthStart - 1, 700, 11);
const count = (list: Seeded[], pred: (e: ActivityEvent) => boolean) =>
  list.filter((s) => pred(s.event)).length;
const isReply = (e: ActivityEvent) => e.action === 'reply' || e.action === 'comment';
const netLikes = (list: Seeded[]) =>
  count(list, (e) => e.action === 'like') - count(list, (e) => e.action === 'unlike');
const fmt = (n: number) => new Intl.NumberFormat('en-US').format(n);

/**
 * Monitoring (issue 12): last month is the campaign's first with mentions (30 negative), this month
 * has 14 negative so far, under the halved target of 15; a few neutral ones beside them.
 */
const MENTIONS = { baseline: 30, current: 14 };
async function seedMentions(lead: string, member: string): Promise<void> {
  const terms = await server.api(lead, 'PUT', '/monitoring', { terms: { include: ['finvo'], exclude: [] } });
  expect(terms.status).toBe(200);
  const random = rng(23);
  const make = (i: number, from: number, to: number, text: string) => {
    const postId = String(1_850_000_000_000_000_000n + BigInt(i));
    const postedAt = new Date(Math.floor(from + random() * (to - from))).toISOString();
    return {
      platform: 'x',
      kind: 'post',
      postId,
      conversationId: postId,
      url: `https://x.com/someone/status/${postId}`,
      authorHandle: '@someone',
      authorFollowers: 300,
      text,
      lang: 'en',
      postedAt,
      counts: { likes: 2 },
      seenAt: postedAt,
    };
  };
  const negative = 'Finvo withdrawal stuck for 3 days, support ignores me';
  const neutral = 'Just opened a Finvo account today';
  const mentions = [
    ...Array.from({ length: MENTIONS.baseline }, (_, i) => make(i, prevStart, monthStart - 1, negative)),
    ...Array.from({ length: 10 }, (_, i) => make(100 + i, prevStart, monthStart - 1, neutral)),
    ...Array.from({ length: MENTIONS.current }, (_, i) =>
      make(200 + i, monthStart, now.getTime() - 3_600_000, negative),
    ),
    ...Array.from({ length: 8 }, (_, i) => make(300 + i, monthStart, now.getTime() - 3_600_000, neutral)),
  ];
  const res = await server.api(member, 'POST', '/mentions', { mentions });
  expect(res.status).toBe(200);
}

async function seed(): Promise<void> {
  const tokens = new Map<string, string>();
  for (const name of NAMES) tokens.set(name, await server.addMember(name, 'ambassador'));
  const all = [...previous, ...current];
  for (const name of NAMES) {
    const mine = all.filter((s) => s.member === name).map((s) => s.event);
    for (let i = 0; i < mine.length; i += 500) {
      const res = await server.api(tokens.get(name)!, 'POST', '/events', { events: mine.slice(i, i + 500) });
      expect(res.status).toBe(200);
    }
  }
  await server.countAsHappened();
  const lead = server.adminToken;
  const hourAgo = new Date(now.getTime() - 3_600_000).toISOString();
  const threads = [
    {
      excerpt: 'My withdrawal has been pending for 3 days, is this a scam?',
      category: 'trust_doubt',
      reply: 'amber',
    },
    { excerpt: 'How do I change the payout card?', category: 'technical_question', reply: 'chen' },
    {
      excerpt: 'App down again?? Cannot log in since morning',
      category: 'incident_complaint',
      reply: 'bilal',
    },
    {
      excerpt: 'Heard they are shutting down in Europe',
      category: 'rumor_narrative',
      reply: 'dasha',
      late: true,
    },
    {
      excerpt: 'Account restricted after verification, no answer from support',
      category: 'support_needed',
      overdue: true,
    },
    { excerpt: 'They froze my funds, stay away', category: 'trust_doubt', overdue: true },
    { excerpt: 'Where is the fee table?', category: 'technical_question' },
    { excerpt: 'Best card I have had, cashback is real', category: 'positive_neutral' },
  ];
  for (const [i, t] of threads.entries()) {
    const id = String(1_700_000_000_000_000_000n + BigInt(i));
    const res = await server.api(lead, 'POST', '/threads', {
      platform: 'x',
      url: `https://x.com/upset_user/status/${id}`,
      canonicalId: id,
      author: '@upset_user',
      excerpt: t.excerpt,
      category: t.category,
      ...(t.late || t.overdue ? { slaDueAt: hourAgo } : {}),
    });
    expect(res.status).toBe(201);
    if (t.reply) {
      const event: ActivityEvent = {
        id: randomUUID(),
        platform: 'x',
        action: 'reply',
        targetId: id,
        pageUrl: `https://x.com/upset_user/status/${id}`,
        replyId: String(1_950_000_000_000_000_000n + BigInt(i)),
        replyText: 'Same happened to me, support sorted it within a day',
        category: t.category as ActivityEvent['category'],
        occurredAt: new Date().toISOString(),
        source: 'network',
      };
      current.push({ member: t.reply, event });
      expect((await server.api(tokens.get(t.reply)!, 'POST', '/events', { events: [event] })).status).toBe(
        200,
      );
    }
  }
  await seedMentions(lead, tokens.get('amber')!);
  const settings = await server.api(lead, 'PUT', '/reports/settings', {
    timezone: 'UTC',
    targets: {
      replies: 500,
      likes: 500,
      activeAmbassadors: 20,
      slaCompliance: 0.9,
      medianFirstReplyHours: 24,
    },
    levels: [
      { id: 'newcomer', label: 'Newcomer', minActions: 1 },
      { id: 'regular', label: 'Regular', minActions: 30 },
      { id: 'mentor', label: 'Mentor', minActions: 90 },
    ],
  });
  expect(settings.status).toBe(200);
}

beforeAll(async () => {
  server = await startTeamServer();
  await seed();
  browser = await launchWithExtension();
  await grantSiteAccess(browser, new URL(server.url).origin);
  const options = await browser.context.newPage();
  await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
  await options.getByTestId('options-server-url').fill(server.url);
  await options.getByTestId('options-token').fill(server.adminToken);
  await options.getByTestId('options-connect').click();
  await options.locator('[data-testid="options-status"][data-connected="true"]').waitFor();
  await options.close();

  page = await browser.context.newPage();
  errors = watchPageErrors(page);
  // The save dialog cannot be answered headless; the page falls back to an ordinary download.
  await page.addInitScript(() => {
    Object.defineProperty(window, 'showSaveFilePicker', { value: undefined });
  });
  await page.goto(`chrome-extension://${browser.extensionId}/dashboard.html?month=${MONTH}&tz=UTC`);
  await page.getByTestId('kpi-replies-value').waitFor({ timeout: 20_000 });
});

afterAll(async () => {
  await browser?.close();
  await server?.dispose();
});

describe('the team lead’s monthly report', () => {
  it('shows this month’s figures beside last month’s', async () => {
    const text = (id: string) => page.getByTestId(id).innerText();
    expect(await text('kpi-replies-value')).toBe(fmt(count(current, isReply)));
    expect(await text('kpi-replies-previous')).toBe(fmt(count(previous, isReply)));
    expect(await text('kpi-likes-value')).toBe(fmt(netLikes(current)));
    expect(await text('kpi-likes-previous')).toBe(fmt(netLikes(previous)));
    expect(await text('kpi-active-value')).toBe(fmt(new Set(current.map((s) => s.member)).size));
    expect(await text('kpi-opened-value')).toBe('8');
    expect(await text('kpi-answered-value')).toBe('4');
    // Three answered in time, one late, two overdue: 3 of 6.
    expect(await text('kpi-sla-value')).toBe('50%');
    expect(await page.getByTestId('kpi-active').innerText()).toMatch(/Target 20/);
  });

  it('passes axe-core in light and dark, with nothing focusable inside a hidden chart', async () => {
    expect(await violationsInBothSchemes(page)).toEqual({ light: [], dark: [] });
    // What a keyboard would land on unannounced: focusable things inside aria-hidden (the charts).
    const hiddenFocusable = await page.evaluate(() => {
      const focusable = 'a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])';
      return Array.from(document.querySelectorAll('[aria-hidden="true"]')).flatMap((h) =>
        Array.from(h.querySelectorAll(focusable), (e) => e.outerHTML.slice(0, 80)),
      );
    });
    expect(hiddenFocusable).toEqual([]);
  });

  it('draws every chart, and each has a table with the same numbers', async () => {
    for (const id of ['chart-daily', 'chart-categories', 'chart-sla', 'chart-narratives']) {
      const card = page.getByTestId(id);
      await expect.poll(() => card.locator('svg.recharts-surface').count()).toBeGreaterThan(0);
    }
    expect(await page.getByTestId('chart-daily').locator('.recharts-bar-rectangle').count()).toBeGreaterThan(
      10,
    );

    await page.getByTestId('chart-daily-toggle').click();
    const table = page.getByTestId('chart-daily-table');
    await table.waitFor({ state: 'visible' });
    const day = current[0]!.event.occurredAt.slice(0, 10);
    const onDay = current.filter((s) => s.event.occurredAt.startsWith(day));
    const row = table.locator('tbody tr').filter({ has: page.locator('th', { hasText: day }) });
    const cells = await row.locator('td').allInnerTexts();
    expect(cells[0]).toBe(fmt(count(onDay, (e) => e.platform === 'x' && isReply(e))));
    expect(cells[1]).toBe(fmt(count(onDay, (e) => e.platform === 'youtube' && isReply(e))));
    const xNet =
      count(onDay, (e) => e.platform === 'x' && e.action === 'like') -
      count(onDay, (e) => e.platform === 'x' && e.action === 'unlike');
    expect(cells[2]).toBe(fmt(xNet));
    await page.getByTestId('chart-daily-toggle').click();
    await page
      .getByTestId('chart-daily')
      .locator('svg.recharts-surface')
      .first()
      .waitFor({ state: 'visible' });
  });

  it('finds an ambassador by name, with their level', async () => {
    const rows = page.getByTestId('ambassador-table').locator('tbody tr');
    expect(await rows.count()).toBe(NAMES.length + 1);
    await page.getByTestId('ambassador-search').fill('amber');
    await expect.poll(() => rows.count()).toBe(1);
    const amber = current.filter((s) => s.member === 'amber');
    expect(await rows.first().innerText()).toContain(fmt(count(amber, isReply)));
    await page.getByTestId('ambassador-search').fill('');
    await expect.poll(() => rows.count()).toBe(NAMES.length + 1);
  });

  it('lists the overdue threads, most overdue first, with their links', async () => {
    const overdue = page.getByTestId('threads-overdue');
    expect(await page.getByTestId('threads-tab-overdue').innerText()).toMatch(/2/);
    const links = overdue.locator('a[href^="https://x.com/upset_user/status/"]');
    expect(await links.count()).toBe(2);
    await page.getByTestId('threads-tab-answered').click();
    expect(await page.getByTestId('threads-answered').locator('tbody tr').count()).toBe(4);
    await page.getByTestId('threads-tab-overdue').click();
  });

  it('exports the month as CSV with progress, matching what was logged', async () => {
    const download = page.waitForEvent('download');
    await page.getByTestId('export-start').click();
    const file = await (await download).path();
    await expect.poll(() => page.getByTestId('export-progress').getAttribute('data-status')).toBe('done');
    const bytes = readFileSync(file);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(bytes.toString('utf8'), { columns: true, bom: true }) as Record<string, string>[];
    expect(rows).toHaveLength(current.length);
    expect(new Set(rows.map((r) => r.id))).toEqual(new Set(current.map((s) => s.event.id)));
    expect(await page.getByTestId('export-progress').innerText()).toContain(`${fmt(current.length)} rows`);
  });

  it('exports the month as an Excel workbook from the server: ids stay text, times are dates', async () => {
    const panel = page.getByTestId('export');
    await panel.getByLabel('Excel (.xlsx)').check();
    const download = page.waitForEvent('download');
    await page.getByTestId('export-start').click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/\.xlsx$/);
    await expect.poll(() => page.getByTestId('export-progress').getAttribute('data-status')).toBe('done');
    // Bytes only: a zipped workbook's rows cannot be counted on the way.
    expect(await page.getByTestId('export-progress').innerText()).not.toContain('rows');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Uint8Array.from(readFileSync((await file.path())!)).buffer);
    const sheet = book.getWorksheet('Events')!;
    expect(sheet.rowCount).toBe(current.length + 1);
    const column = (name: (typeof EXPORT_COLUMNS)[number]) =>
      sheet.getColumn(EXPORT_COLUMNS.indexOf(name) + 1);
    const ids = (column('id').values as unknown[]).slice(2);
    expect(new Set(ids)).toEqual(new Set(current.map((s) => s.event.id)));
    column('targetId').eachCell((cell) => expect(cell.type).toBe(ExcelJS.ValueType.String));
    column('occurredAt').eachCell((cell, row) => {
      if (row > 1) expect(cell.type).toBe(ExcelJS.ValueType.Date);
    });
    await panel.getByLabel('CSV').check();
  });

  it('prints as the report: no controls, every thread list', async () => {
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByTestId('period-picker').isVisible()).toBe(false);
    expect(await page.getByTestId('export').isVisible()).toBe(false);
    expect(await page.getByTestId('threads-answered').isVisible()).toBe(true);
    await page.emulateMedia({ media: 'screen' });
    expect(errors).toEqual([]);
  });

  it('shows the negative background against the campaign’s first month, and the sources', async () => {
    const panel = page.getByTestId('mentions-panel');
    await panel.waitFor();
    expect(await page.getByTestId('mentions-kpi-negative-value').innerText()).toBe(String(MENTIONS.current));
    expect(await page.getByTestId('mentions-kpi-negative').innerText()).toContain(
      `${MENTIONS.baseline}; target ≤ ${MENTIONS.baseline / 2}`,
    );
    expect(await page.getByTestId('mentions-kpi-negative').innerText()).toContain('halved');
    const sources = page.getByTestId('source-row');
    expect(await sources.count()).toBe(2);
    expect(await page.getByTestId('sources').innerText()).toContain('off (no key set on the server)');
  });

  it("retrains the classifier on the team's server and shows the run, with the server answering meanwhile", async () => {
    const panel = page.getByTestId('model-panel');
    await panel.scrollIntoViewIfNeeded();
    expect(await page.getByTestId('model-current').textContent()).toContain(
      'the model shipped with the extension',
    );
    await panel.getByRole('button', { name: 'Retrain now' }).click();
    await page.getByTestId('model-retrain-progress').waitFor();
    // Training runs in the server's worker thread: /health still answers at once.
    const t0 = Date.now();
    const health = await fetch(`${server.url}/api/v1/health`);
    expect(health.status).toBe(200);
    expect(Date.now() - t0).toBeLessThan(2_000);
    await page.getByTestId('model-retrain-result').waitFor({ timeout: 80_000 });
    expect(await page.getByTestId('model-retrain-result').textContent()).toMatch(/held-back slice/);
    expect(await page.getByTestId('model-run').count()).toBe(1);
    // The verdict's figures, stored with the run and shown under their own heading, in both themes.
    const verdict = page.getByRole('region', { name: /What the latest run .* was judged on/ });
    await verdict.waitFor();
    expect(await verdict.getByTestId('model-verdict-team').innerText()).toMatch(
      /^(none judged|\d+ of \d+ right, seed-reference \d+)/,
    );
    expect(await verdict.getByTestId('model-verdict-seed').innerText()).toMatch(
      /^\d+ of \d+ right, seed-reference \d+ \(\d+ worse, \d+ better; may lose \d+\.\d\)$/,
    );
    expect(await violationsInBothSchemes(page)).toEqual({ light: [], dark: [] });
    expect(errors).toEqual([]);
  }, 120_000);

  it('renders the whole report as one long page (the README picture)', async () => {
    await page.setViewportSize({ width: 1320, height: 900 });
    await page.mouse.move(0, 0);
    await page.evaluate(() => window.scrollTo(0, 0));
    // CI must not rewrite tracked files: the README's picture is refreshed on request only.
    const path = process.env.UPDATE_SCREENSHOTS ? 'docs/dashboard.png' : undefined;
    const png = await page.screenshot({ fullPage: true, ...(path ? { path } : {}) });
    // PNG height is the big-endian uint32 at byte 20: every section is laid out, none collapsed.
    expect(png.readUInt32BE(20)).toBeGreaterThan(2_000);
  });
});
