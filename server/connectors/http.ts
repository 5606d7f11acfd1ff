import { ConnectorError } from './types';

export interface JsonAnswer {
  status: number;
  headers: Headers;
  body: unknown;
}

/**
 * GET a JSON answer. Network failures and answers that are not JSON become a ConnectorError in plain
 * words; HTTP error statuses come back as they are, for the platform's own reading of them.
 */
export async function getJson(
  fetchFn: typeof fetch,
  url: URL,
  platform: string,
  headers: Record<string, string> = {},
): Promise<JsonAnswer> {
  let res: Response;
  try {
    res = await fetchFn(url, { headers: { accept: 'application/json', ...headers } });
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message;
    throw new ConnectorError(`Could not reach ${platform} at ${url.origin} (${cause})`, 'unreachable');
  }
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    if (res.status >= 500)
      throw new ConnectorError(`${platform} answered ${res.status}: its service is failing`, 'server');
    throw new ConnectorError(
      `${platform} answered ${res.status} with something that is not JSON; nothing was stored from it`,
      'bad_answer',
    );
  }
  return { status: res.status, headers: res.headers, body };
}

/** "at 14:05 UTC" (with the date when it is not today), for messages a manager reads. */
export function whenUtc(iso: string, now: Date): string {
  const d = new Date(iso);
  const hm = d.toISOString().slice(11, 16);
  return d.toISOString().slice(0, 10) === now.toISOString().slice(0, 10)
    ? `${hm} UTC`
    : `${d.toISOString().slice(0, 10)} ${hm} UTC`;
}

/** First issue of a failed Zod parse as "path: message", to name what an answer lacked. */
export function firstIssue(error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  const i = error.issues[0];
  if (!i) return 'unknown shape';
  return `${i.path.map(String).join('.') || '(top)'}: ${i.message}`;
}
