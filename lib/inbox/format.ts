import type { Mention } from '../schemas/mention';

const HOUR = 3_600_000;

/** "40 min", "5 h", "3 d": short enough for a row, exact enough to triage by. */
export function shortDuration(ms: number): string {
  const abs = Math.abs(ms);
  if (abs < HOUR) return `${Math.max(1, Math.round(abs / 60_000))} min`;
  if (abs < 48 * HOUR) return `${Math.round(abs / HOUR)} h`;
  return `${Math.round(abs / (24 * HOUR))} d`;
}

export interface SlaState {
  /** `due`: time left; `overdue`: past due, no reply; `answered`: the team replied. */
  kind: 'due' | 'overdue' | 'answered';
  text: string;
}

/** The age of a mention against its SLA, which runs from the post's own time. */
export function slaState(m: Pick<Mention, 'postedAt' | 'slaDueAt' | 'firstReplyAt'>, now: Date): SlaState {
  const age = `posted ${shortDuration(now.getTime() - Date.parse(m.postedAt))} ago`;
  if (m.firstReplyAt) {
    const took = Date.parse(m.firstReplyAt) - Date.parse(m.postedAt);
    const inTime = Date.parse(m.firstReplyAt) <= Date.parse(m.slaDueAt);
    return {
      kind: 'answered',
      text: `${age} · first reply after ${shortDuration(took)}${inTime ? ', within SLA' : ', after the SLA'}`,
    };
  }
  const left = Date.parse(m.slaDueAt) - now.getTime();
  return left >= 0
    ? { kind: 'due', text: `${age} · reply due in ${shortDuration(left)}` }
    : { kind: 'overdue', text: `${age} · overdue by ${shortDuration(left)}` };
}

/** Followers or views, as a person reads them: 1.2k, 53k, 1.4M. */
export function compactNumber(n: number): string {
  if (n < 1000) return String(n);
  if (n < 1_000_000) return `${(n / 1000).toFixed(n < 10_000 ? 1 : 0).replace(/\.0$/, '')}k`;
  return `${(n / 1_000_000).toFixed(1).replace(/\.0$/, '')}M`;
}
