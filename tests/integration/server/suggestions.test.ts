// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Suggestion, SuggestionsListResponse } from '../../../lib/schemas/suggestion';
import { backends, makeThread, setupApi, statusId, type TestApi } from './helpers';

describe.each(backends)('suggestions on $name', (backend) => {
  let api: TestApi;
  beforeEach(async () => {
    api = await setupApi(backend);
  });
  afterEach(() => api.cleanup());

  const suggest = (overrides: Record<string, unknown> = {}, as = 'ambassador') => {
    const id = (overrides.canonicalId as string | undefined) ?? statusId();
    return api.json<Suggestion>('POST', '/suggestions', {
      as,
      body: {
        platform: 'x',
        url: `https://x.com/upset_user/status/${id}`,
        canonicalId: id,
        category: 'support_needed',
        note: '  Withdrawal stuck, people are piling on  ',
        ...overrides,
      },
    });
  };
  const list = (as = 'manager') => api.json<SuggestionsListResponse>('GET', '/suggestions', { as });

  it('an ambassador suggests a thread and the manager sees it with who, what and the note', async () => {
    const res = await suggest({ excerpt: 'Where is my money?', author: 'upset_user' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      category: 'support_needed',
      note: 'Withdrawal stuck, people are piling on',
      suggestedBy: 'amber',
      createdAt: '2026-11-20T12:00:00.000Z',
    });
    const seen = await list();
    expect(seen.status).toBe(200);
    expect(seen.body.suggestions).toEqual([res.body]);
    expect((await list('lead')).body.suggestions).toHaveLength(1);
  });

  it('suggesting the same thread again updates it instead of adding a copy', async () => {
    const first = await suggest({ canonicalId: '1800000000000000001' });
    api.clock.advance(60_000);
    const again = await suggest({ canonicalId: '1800000000000000001', category: 'trust_doubt', note: '' });
    expect(again.body.id).toBe(first.body.id);
    const { suggestions } = (await list()).body;
    expect(suggestions).toHaveLength(1);
    expect(suggestions[0]).toMatchObject({ category: 'trust_doubt', note: '' });
  });

  it('drops off the list once the thread is tracked, and a tracked thread cannot be suggested', async () => {
    const s = await suggest();
    await api.json('POST', '/threads', {
      as: 'manager',
      body: makeThread({ canonicalId: s.body.canonicalId, category: s.body.category }),
    });
    expect((await list()).body.suggestions).toEqual([]);
    const again = await suggest({ canonicalId: s.body.canonicalId });
    expect(again.status).toBe(409);
    expect(JSON.stringify(again.body)).toContain('already tracks');
  });

  it('the manager dismisses one; ambassadors can neither list nor dismiss', async () => {
    const s = await suggest();
    expect((await list('ambassador')).status).toBe(403);
    expect((await api.req('DELETE', `/suggestions/${s.body.id}`)).status).toBe(403);
    expect((await api.req('DELETE', `/suggestions/${s.body.id}`, { as: 'manager' })).status).toBe(200);
    expect((await list()).body.suggestions).toEqual([]);
    expect((await api.req('DELETE', `/suggestions/${s.body.id}`, { as: 'manager' })).status).toBe(404);
  });

  it('refuses a suggestion without a valid category or with an overlong note, saying which field', async () => {
    const res = await suggest({ category: 'nope', note: 'x'.repeat(1001) });
    expect(res.status).toBe(400);
    const text = JSON.stringify(res.body);
    expect(text).toContain('category');
    expect(text).toContain('note');
  });
});
