/** A request or response body as JSON, or a plain "not JSON": bodies on the wire are untrusted. */
export function parseJson(text: string | null | undefined): { ok: true; value: unknown } | { ok: false } {
  if (typeof text !== 'string' || text === '') return { ok: false };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

export type JsonObject = Record<string, unknown>;

export const isObject = (v: unknown): v is JsonObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The value at `path` inside parsed JSON (numbers index arrays), or undefined when a step is missing. */
export const at = (v: unknown, ...path: Array<string | number>): unknown =>
  path.reduce<unknown>((cur, key) => {
    if (typeof key === 'number') return Array.isArray(cur) ? cur[key] : undefined;
    return isObject(cur) ? cur[key] : undefined;
  }, v);

export const stringAt = (v: unknown, ...path: Array<string | number>): string | undefined => {
  const found = at(v, ...path);
  return typeof found === 'string' ? found : undefined;
};
