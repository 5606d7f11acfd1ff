// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { encodeExportRow, exportHeader, exportRow } from '../../../lib/domain/export-row';
import { EXPORT_COLUMNS } from '../../../lib/schemas/api';
import type { ActivityEvent } from '../../../lib/schemas/event';
import { fromEventRow, toEventRow } from '../../../server/core/events';

const reply: ActivityEvent = {
  id: '00000000-0000-4000-8000-000000000001',
  platform: 'x',
  action: 'reply',
  targetId: '1850000000000000001',
  conversationId: '1850000000000000000',
  replyId: '1850000000000000002',
  replyText: 'Fair point, =1+1; here is how',
  pageUrl: 'https://x.com/a/status/1850000000000000001',
  occurredAt: '2026-11-20T10:00:00.000Z',
  source: 'network',
};
const utc = (iso: string) => iso;

describe('the export row, once for both exports', () => {
  it('carries the event, who and when, with links to the post and the reply; absent fields stay absent', () => {
    const row = exportRow({ ...reply, member: 'amber', receivedAt: '2026-11-20T10:00:05.000Z' }, utc);
    expect(Object.keys(row)).toEqual(EXPORT_COLUMNS.filter((k) => k in row));
    expect(row).toMatchObject({
      member: 'amber',
      targetUrl: 'https://x.com/i/web/status/1850000000000000001',
      replyUrl: 'https://x.com/i/web/status/1850000000000000002',
      receivedAt: '2026-11-20T10:00:05.000Z',
    });
    expect('category' in row).toBe(false);
    expect('receivedAt' in exportRow({ ...reply, member: 'amber' }, utc)).toBe(false);
  });

  it('encodes as CSV in column order (formulas defused) or as one JSON line', () => {
    const row = exportRow({ ...reply, member: 'amber', receivedAt: reply.occurredAt }, utc);
    expect(exportHeader('csv', true)).toBe(`\uFEFF${EXPORT_COLUMNS.join(',')}\r\n`);
    expect(exportHeader('json', true)).toBe('');
    const csv = encodeExportRow(row, 'csv');
    expect(csv.startsWith(`${reply.id},amber,x,reply,`)).toBe(true);
    expect(csv).toContain('"Fair point,\' =1+1; here is how"');
    expect(JSON.parse(encodeExportRow(row, 'json'))).toEqual(row);
  });

  it("the server's events row maps back to the same record (ingest, activity and export share it)", () => {
    const row = toEventRow(reply, 'member-1', '2026-11-20T10:00:05.000Z');
    expect(row).toMatchObject({ member_id: 'member-1', category: null, counted_at: expect.any(String) });
    expect(fromEventRow(row)).toEqual({ ...reply, receivedAt: '2026-11-20T10:00:05.000Z' });
  });
});
