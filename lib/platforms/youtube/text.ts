import { isObject } from '../../capture/json';

/** Old renderers give text as `{runs: [{text}]}` or `{simpleText}`; view models as `{content}`. */
export function runsText(v: unknown): string | undefined {
  if (!isObject(v)) return undefined;
  if (typeof v.simpleText === 'string') return v.simpleText;
  if (typeof v.content === 'string') return v.content;
  if (!Array.isArray(v.runs)) return undefined;
  return v.runs.map((r) => (isObject(r) && typeof r.text === 'string' ? r.text : '')).join('');
}
