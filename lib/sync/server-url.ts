import { PlainError } from './errors';

/** Validates and normalises what the user typed as the Server URL. */
export function normalizeServerUrl(input: string): string {
  const raw = input.trim();
  if (!raw) throw new PlainError('Enter the Server URL, for example https://replies.example.org.');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new PlainError(`"${raw}" is not a web address. It should look like https://replies.example.org.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new PlainError(
      'The Server URL must start with https:// (or http:// for a server on your network).',
    );
  }
  if (url.protocol === 'http:' && !isPrivateHost(url.hostname)) {
    throw new PlainError(
      `Plain http:// would send your access token unencrypted across the internet. Use https://${url.host}, or http:// only for a server on this computer or your private network (localhost, 10.x, 172.16–31.x, 192.168.x).`,
    );
  }
  if (url.username || url.password)
    throw new PlainError('Put the access token in its own field, not in the URL.');
  // Pasting the API address itself is common; the client adds /api/v1 on its own.
  const path = url.pathname.replace(/\/+$/, '').replace(/\/api\/v1$/, '');
  return `${url.origin}${path}`;
}

/**
 * Loopback, private (RFC 1918, RFC 4193), link-local and `.localhost` names: the only hosts a token
 * may travel to over plain http. `hostname` is as URL gives it (IPv6 in brackets, IPv4 normalised).
 */
export function isPrivateHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  const v4 = host.match(/^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/);
  if (v4) {
    const [a, b] = [Number(v4[1]), Number(v4[2])];
    return (
      a === 127 ||
      a === 10 ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 169 && b === 254)
    );
  }
  if (host.startsWith('[') && host.endsWith(']')) {
    const v6 = host.slice(1, -1);
    return v6 === '::1' || /^f[cd][0-9a-f]{2}:/.test(v6) || /^fe[89ab][0-9a-f]:/.test(v6);
  }
  return false;
}

/** The host permission pattern for a server: exactly its origin. */
export function originPattern(serverUrl: string): string {
  return `${new URL(serverUrl).origin}/*`;
}
