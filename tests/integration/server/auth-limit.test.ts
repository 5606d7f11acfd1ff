// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseTrustProxy, type TrustProxy } from '../../../server/core/client-address';
import { backends, setupApi, type TestApi } from './helpers';

const GUESS = `rt_${'G'.repeat(43)}`;

describe.each(backends)('failed authentication on $name', (backend) => {
  let api: TestApi;
  beforeEach(async () => {
    api = await setupApi(backend, { authFailureLimit: { maxFailures: 10, windowMs: 60_000 } });
  });
  afterEach(() => api.cleanup());

  const guess = (address = '203.0.113.7', token = GUESS) => api.req('GET', '/me', { as: token, address });

  it('answers the 11th failure in a minute from one address with 429 and Retry-After, even for a right token', async () => {
    for (let i = 0; i < 10; i++) {
      api.clock.advance(1_000);
      expect((await guess()).status).toBe(401);
    }
    const blocked = await guess();
    expect(blocked.status).toBe(429);
    // The oldest failure (at +1 s) leaves the window at +61 s; it is now +10 s.
    expect(blocked.headers.get('retry-after')).toBe('51');
    expect(await blocked.json()).toMatchObject({
      error: { code: 'rate_limited', details: { retryAfterSeconds: 51 } },
    });
    // Refused before the token is looked at: a right guess gets no further than a wrong one.
    expect((await guess('203.0.113.7', api.tokens.lead)).status).toBe(429);
    // A malformed header and a revoked token count as failures too; they are refused the same way.
    expect(
      (
        await api.req('GET', '/me', {
          as: 'none',
          address: '203.0.113.7',
          headers: { authorization: 'Bearer' },
        })
      ).status,
    ).toBe(429);

    // Another address is not affected, and the blocked one gets in again once the window has passed.
    expect((await guess('198.51.100.2', api.tokens.ambassador)).status).toBe(200);
    api.clock.advance(51_000);
    expect((await guess('203.0.113.7', api.tokens.ambassador)).status).toBe(200);
    expect((await guess()).status).toBe(401);
  });

  it('never counts successes: a member making hundreds of requests is not slowed down', async () => {
    for (let i = 0; i < 9; i++) expect((await guess()).status).toBe(401);
    for (let i = 0; i < 200; i++) {
      expect((await api.req('GET', '/me', { as: 'ambassador', address: '203.0.113.7' })).status).toBe(200);
    }
    expect((await guess()).status).toBe(401);
    expect((await guess()).status).toBe(429);
  });

  it('counts revoked tokens and malformed headers, not requests without any token', async () => {
    for (let i = 0; i < 20; i++) expect((await api.req('GET', '/me', { as: 'none' })).status).toBe(401);
    for (let i = 0; i < 5; i++) expect((await api.req('GET', '/me', { as: 'revoked' })).status).toBe(401);
    for (let i = 0; i < 5; i++) {
      const res = await api.req('GET', '/me', { as: 'none', headers: { authorization: 'Basic abc' } });
      expect(res.status).toBe(401);
    }
    expect((await api.req('GET', '/me', { as: 'ambassador' })).status).toBe(429);
  });
});

describe('members behind one reverse proxy (TRUST_PROXY)', () => {
  const PROXY = '10.0.0.5';
  const [alice, bob] = ['203.0.113.7', '198.51.100.2'];
  let api: TestApi;
  const start = async (trustProxy?: TrustProxy) => {
    api = await setupApi(backends[0]!, {
      authFailureLimit: { maxFailures: 10, windowMs: 60_000 },
      ...(trustProxy ? { trustProxy } : {}),
    });
  };
  afterEach(() => api.cleanup());
  /** A request through the proxy, which appends the address it saw to X-Forwarded-For. */
  const via = (client: string, token: string, forged?: string, socket = PROXY) =>
    api.req('GET', '/me', {
      as: token,
      address: socket,
      headers: { 'x-forwarded-for': forged ? `${forged}, ${client}` : client },
    });
  const guessFrom = async (client: string, forged?: (i: number) => string, socket?: string) => {
    for (let i = 0; i < 10; i++) expect((await via(client, GUESS, forged?.(i), socket)).status).toBe(401);
  };

  it('by default keys on the socket: one guesser behind the proxy locks every member out', async () => {
    await start();
    await guessFrom(alice);
    expect((await via(bob, api.tokens.ambassador)).status).toBe(429);
  });

  it.each([
    ['hops: 1', { hops: 1 }],
    ['the proxy’s address', { proxies: [PROXY] }],
    ['the proxies’ range', { proxies: ['10.0.0.0/8'] }],
  ] as const)(
    'trusting %s, each member keeps their own budget, and a forged header changes nothing',
    async (_, trust) => {
      await start(trust);
      // The guesser rotates what it writes into X-Forwarded-For itself; the proxy appends the truth.
      await guessFrom(alice, (i) => `192.0.2.${i}`);
      expect((await via(alice, GUESS, '192.0.2.200')).status).toBe(429);
      expect((await via(alice, api.tokens.ambassador)).status).toBe(429);
      expect((await via(bob, api.tokens.ambassador)).status).toBe(200);
    },
  );

  it('believes no header from a client that bypasses the trusted proxies', async () => {
    await start({ proxies: [PROXY] });
    // Straight to the server, a new forged address each time: keyed on the socket all the same.
    await guessFrom('192.0.2.1', (i) => `192.0.2.${i + 10}`, alice);
    expect((await via('192.0.2.99', api.tokens.ambassador, undefined, alice)).status).toBe(429);
    expect((await via(bob, api.tokens.ambassador)).status).toBe(200);
  });

  it('reads TRUST_PROXY, refusing what it cannot understand', () => {
    expect(parseTrustProxy(undefined)).toBeUndefined();
    expect(parseTrustProxy('0')).toBeUndefined();
    expect(parseTrustProxy(' 2 ')).toEqual({ hops: 2 });
    expect(parseTrustProxy('10.0.0.5, 10.1.0.0/16,::1')).toEqual({
      proxies: ['10.0.0.5', '10.1.0.0/16', '::1'],
    });
    expect(() => parseTrustProxy('proxy.internal')).toThrow(/TRUST_PROXY: "proxy.internal" is neither/);
    expect(() => parseTrustProxy('10.0.0.0/40')).toThrow(/TRUST_PROXY/);
  });
});
