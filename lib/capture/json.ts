/** A request or response body as JSON, or a plain "not JSON": bodies on the wire are untrusted. */
export function parseJson(text: string | null | undefined): { ok: true; value: unknown } | { ok: false } {
  if (typeof text !== 'string' || text === '') return { ok: false };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}
