import type { CapturedMentionInput } from '../../../lib/schemas/mention';
import type { MonitoringSettingsInput } from '../../../lib/schemas/monitoring';
import type { TestApi } from './helpers';

export const TERMS: MonitoringSettingsInput = {
  terms: { include: ['finvo', 'финво', '@FinvoApp'], exclude: ['finvo careers'] },
};

export async function publishTerms(api: TestApi, settings: MonitoringSettingsInput = TERMS) {
  const res = await api.json('PUT', '/monitoring', { as: 'manager', body: settings });
  if (res.status !== 200) throw new Error(`publishing terms failed: ${JSON.stringify(res.body)}`);
  return res;
}

let n = 0;
/** A captured X post; each call a new post id unless given. */
export function xMention(overrides: Partial<CapturedMentionInput> = {}): CapturedMentionInput {
  n += 1;
  const postId = overrides.postId ?? `18${String(Date.now()).slice(-8)}${String(n).padStart(6, '0')}`;
  return {
    platform: 'x',
    kind: 'post',
    postId,
    conversationId: postId,
    url: `https://x.com/upset_user/status/${postId}`,
    authorHandle: 'upset_user',
    authorFollowers: 1200,
    text: 'Finvo withdrawal stuck for 3 days, support ignores me',
    lang: 'en',
    postedAt: '2026-11-20T10:00:00.000Z',
    counts: { replies: 3, likes: 10, reposts: 1, views: 900 },
    seenAt: '2026-11-20T11:00:00.000Z',
    source: 'capture',
    ...overrides,
  };
}
