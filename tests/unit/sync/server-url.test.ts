import { describe, expect, it } from 'vitest';
import { isPrivateHost, normalizeServerUrl } from '../../../lib/sync/server-url';

describe('the Server URL', () => {
  it.each([
    'http://localhost:8787',
    'http://127.0.0.1:8787',
    'http://127.8.9.1',
    'http://10.0.0.5',
    'http://172.16.0.1',
    'http://172.31.255.254',
    'http://192.168.1.20:8080',
    'http://169.254.10.1',
    'http://[::1]:8787',
    'http://[fd12:3456::1]',
    'http://replies.localhost',
    'https://replies.example.org',
    'https://8.8.8.8',
  ])('accepts %s', (url) => {
    expect(() => normalizeServerUrl(url)).not.toThrow();
  });

  it.each([
    'http://replies.example.org',
    'http://8.8.8.8',
    'http://172.32.0.1',
    'http://192.169.0.1',
    'http://[2001:db8::1]',
    'http://localhost.example.org',
    'http://10.0.0.5.nip.io',
  ])('refuses plain http to %s, saying why and what to do', (url) => {
    expect(() => normalizeServerUrl(url)).toThrow(/unencrypted.*https:\/\/.*private network/);
  });

  it.each([
    ['LOCALHOST', true],
    ['127.0.0.1', true],
    ['0x7f.1', false],
    ['example.org', false],
  ])('isPrivateHost(%s) is %s', (host, expected) => {
    expect(isPrivateHost(host)).toBe(expected);
  });
});
