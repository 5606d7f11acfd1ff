import type { ThreadStatus } from '../schemas/thread';

/** A member's first reply in a thread, kept so "replied by" stays in reply order as late events arrive. */
export interface Replier {
  name: string;
  at: string;
}

export interface AnswerState {
  firstReplyAt: string | null;
  repliedBy: readonly Replier[];
  status: ThreadStatus;
}

const byTime = (a: { at: string }, b: { at: string }) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0);

/**
 * What replies do to a tracked thread, the one rule for the server and the extension: the first reply
 * is the earliest ever seen (a late-arriving earlier reply moves it back), each member is listed once
 * at their first reply, and an open thread becomes answered. A closed thread stays closed: the
 * manager decided, a late reply does not reopen the question. Null when nothing changes.
 */
export function mergeAnswers(
  thread: AnswerState,
  replies: readonly { member: string; at: string }[],
): AnswerState | null {
  if (replies.length === 0) return null;
  const sorted = [...replies].sort(byTime);
  const earliest = sorted[0]!.at;
  const firstReplyAt =
    thread.firstReplyAt && thread.firstReplyAt <= earliest ? thread.firstReplyAt : earliest;
  const repliers = new Map(thread.repliedBy.map((r) => [r.name, r.at]));
  for (const r of sorted) {
    const known = repliers.get(r.member);
    if (!known || r.at < known) repliers.set(r.member, r.at);
  }
  const repliedBy = [...repliers]
    .map(([name, at]) => ({ name, at }))
    .sort((a, b) => byTime(a, b) || (a.name < b.name ? -1 : 1));
  const status: ThreadStatus = thread.status === 'open' ? 'answered' : thread.status;
  const same =
    firstReplyAt === thread.firstReplyAt &&
    status === thread.status &&
    repliedBy.length === thread.repliedBy.length &&
    repliedBy.every((r, i) => r.name === thread.repliedBy[i]?.name && r.at === thread.repliedBy[i]?.at);
  return same ? null : { firstReplyAt, repliedBy, status };
}
