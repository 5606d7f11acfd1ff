// @vitest-environment node
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PLAYBOOKS } from '../../../lib/playbooks/defaults';
import { DEFAULT_REPORT_SETTINGS } from '../../../lib/schemas/reports';
import {
  backends,
  FakeClock,
  makeEvent,
  makeThread,
  setupApi,
  snapshotDatabase,
  type TestApi,
} from './helpers';
import { xMention } from './mentions-fixtures';

/**
 * Hostile input, proven: generated requests to every endpoint of the real app (wrong types, huge and
 * deep values, edge dates, unknown fields, duplicate and foreign ids, control characters, NUL and lone
 * surrogates, odd headers), each answered below 500, and each refused one leaving every table exactly
 * as it was. The counts are printed; HOSTILE_REQUESTS raises or lowers the number per database.
 */
const REQUESTS = Number(process.env.HOSTILE_REQUESTS ?? 10_000);
/** The same requests every run unless HOSTILE_SEED says otherwise (a failure names its seed to replay it). */
const SEED = Number(process.env.HOSTILE_SEED ?? 1);
/** A fresh database every this many requests keeps the before/after snapshot of every table small. */
const PER_DATABASE = 400;

type Role = 'ambassador' | 'manager' | 'lead';

// --- Hostile values ----------------------------------------------------------------------------------

/** Percent-encodes anything; half a surrogate pair becomes the bytes a lone surrogate would have (invalid UTF-8). */
const enc = (s: string) =>
  encodeURIComponent(s.replace(/[\uD800-\uDFFF]/g, '\uFFFD')).replaceAll('%EF%BF%BD', '%ED%A0%80');

const pick = <T>(list: readonly T[], n: number) => list[Math.abs(n) % list.length]!;

const EDGE_DATES = [
  '0000-01-01T00:00:00.000Z',
  '-000001-12-31T23:00:00.000Z',
  '+010000-01-01T00:00:00.000Z',
  '9999-12-31T23:59:59.999Z',
  '9999-12-31T20:00:00.000-14:00',
  '0001-01-01T00:00:00.000+14:00',
  '1969-12-31T23:59:59.999Z',
  '1970-01-01T00:00:00.000Z',
  '2026-02-30T12:00:00.000Z',
  '2026-11-20T23:59:60Z',
  '2026-11-20T12:00:00.000+23:59',
  '2026-11-20T12:00:00',
  '2026-11-20',
  '2026-11',
  '2126-11-20T12:00:00.000Z',
  '2026-11-20T12:04:00.000Z',
  '2026-11-20T11:59:59.999Z',
  '2026-10-20T12:00:00.000Z',
  'now',
];
const NASTY_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\uD800',
  'tail \uDFFF',
  '\uDE00\uD83D',
  '\u202Eevil',
  '\uFEFF',
  '\r\n\t\u0001\u001F\u007F',
  '<img src=x onerror=alert(1)>',
  "'; DROP TABLE events; --",
  '" OR 1=1 --',
  '../../etc/passwd',
  '%00',
  '%ED%A0%80',
  '=HYPERLINK("http://evil")',
  'понятно;=1+1',
  '＝1+1',
  '__proto__',
  'constructor',
  'NaN',
  'null',
  '1e309',
  '-0',
  'x'.repeat(101),
  'я'.repeat(2001),
  ...EDGE_DATES,
];

/** Ids seen in answers (threads, mentions, suggestions, events) and ones sent before: duplicates and foreign ids. */
const idPool: string[] = [randomUUID()];
const namePool = ['nobody', 'LEO', 'temp-1'];

const hostileString = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.nat().map((n) => pick(idPool, n)) },
  { weight: 1, arbitrary: fc.uuid().map((s) => s.toUpperCase()) },
  { weight: 1, arbitrary: fc.integer({ min: 1_000, max: 300_000 }).map((n) => 'w'.repeat(n)) },
  { weight: 1, arbitrary: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()) },
);
const hostileNumber = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -1, 1e308, -1e308, 2 ** 53 + 1, 2 ** 31, 0.5, -0),
);
const hostileKey = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'toString', 'id', 'events', 'content', '', '\u0000', '\uD800'),
  fc.string({ maxLength: 12 }),
);
const { value: hostileValue } = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileString,
    hostileNumber,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(hostileKey, tie('value'), { maxKeys: 4 }),
  ),
}));

/** Nesting far deeper than a call stack, as raw JSON text. */
const deepJson = fc
  .tuple(fc.integer({ min: 100, max: 200_000 }), fc.constantFrom('[', '{"a":'))
  .map(([depth, open]) => open.repeat(depth) + '1' + (open === '[' ? ']' : '}').repeat(depth));

// --- Valid requests, to mutate -------------------------------------------------------------------------

/** One valid body per route; mutations below break it in one to three places. */
function template(route: string, n: number): unknown {
  const id = () => (n % 3 === 0 ? pick(idPool, n) : randomUUID());
  switch (route) {
    case 'POST /events':
      return {
        events: Array.from({ length: 1 + (n % 3) }, (_, i) =>
          makeEvent({
            id: i === 0 ? id() : randomUUID(),
            action: pick(['like', 'reply', 'unlike'], n) as 'like',
          }),
        ),
        client: { pending: n % 5, version: '1.0.0' },
      };
    case 'POST /threads':
      return makeThread({ note: 'check with support' });
    case 'PATCH /threads/:id':
      return pick(
        [{ note: 'n' }, { status: 'closed' }, { priority: 'high' }, { slaDueAt: '2026-11-21T12:00:00.000Z' }],
        n,
      );
    case 'PUT /playbooks':
      return { content: DEFAULT_PLAYBOOKS };
    case 'POST /members':
      return { name: `m${n % 1000}`, role: pick(['ambassador', 'manager', 'lead'], n) };
    case 'PUT /reports/settings':
      return DEFAULT_REPORT_SETTINGS;
    case 'POST /classifier/examples':
      return {
        examples: [
          {
            id: id(),
            text: 'withdrawal stuck for days',
            category: 'support_needed',
            source: 'sidebar',
            at: '2026-11-20T11:00:00.000Z',
          },
        ],
      };
    case 'POST /suggestions':
      return { ...makeThread(), note: 'please track' };
    case 'PUT /monitoring':
      return { terms: { include: ['finvo', '@FinvoApp'], exclude: [] } };
    case 'POST /mentions':
      return { mentions: [xMention()] };
    case 'POST /mentions/bulk':
      return { ids: [id(), id()], patch: { status: 'dismissed', reason: 'spam' } };
    case 'PATCH /mentions/:id':
      return pick([{ status: 'new' }, { assignee: 'amber' }, { category: 'trolling' }], n);
    case 'POST /me/health':
      return {
        version: '1.4.0',
        records: [
          {
            platform: 'x',
            page: 'home',
            check: 'like-button',
            signal: 'dom',
            affects: ['likes'],
            firstSeen: '2026-11-20T11:00:00.000Z',
            lastSeen: '2026-11-20T11:30:00.000Z',
            version: '1.4.0',
            count: 1,
          },
        ],
      };
    default:
      return undefined;
  }
}

const QUERY_KEYS = [
  'since',
  'platform',
  'ids',
  'format',
  'from',
  'to',
  'member',
  'action',
  'category',
  'tz',
  'bom',
  'month',
  'baseline',
  'language',
  'status',
  'assignee',
  'polarity',
  'minReach',
  'maxAgeHours',
  'cursor',
  'limit',
  'unknown',
];
const queryValue = fc.oneof(
  hostileString,
  fc.constantFrom(
    'x',
    'youtube',
    'x,youtube',
    'csv',
    'json',
    'xlsx',
    '2026-11',
    '2026-11-01',
    'Europe/Moscow',
    '0',
    '1',
  ),
);

/** Every leaf and container path of a JSON value. */
function pathsOf(value: unknown, at: (string | number)[] = [], out: (string | number)[][] = []) {
  out.push(at);
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) pathsOf(v, [...at, i], out);
  } else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) pathsOf(v, [...at, k], out);
  return out;
}

type Mutation = { kind: 'set' | 'delete' | 'add' | 'wrap' | 'dup'; at: number; key: string; value: unknown };
function mutate(body: unknown, mutations: readonly Mutation[]): unknown {
  let root = structuredClone(body);
  for (const m of mutations) {
    const paths = pathsOf(root);
    const path = pick(paths, m.at);
    if (path.length === 0) {
      root = m.kind === 'wrap' ? [root] : m.kind === 'set' ? m.value : root;
      continue;
    }
    const parent = path
      .slice(0, -1)
      .reduce<unknown>((o, k) => (o as Record<string, unknown>)[k as string], root) as Record<
      string | number,
      unknown
    >;
    const key = path.at(-1)!;
    if (m.kind === 'set') parent[key] = m.value;
    else if (m.kind === 'delete') delete parent[key];
    else if (m.kind === 'wrap') parent[key] = [parent[key]];
    else if (
      m.kind === 'add' &&
      parent[key] &&
      typeof parent[key] === 'object' &&
      !Array.isArray(parent[key])
    )
      (parent[key] as Record<string, unknown>)[m.key] = m.value;
    else if (m.kind === 'dup' && Array.isArray(parent)) parent.push(structuredClone(parent[key as number]));
    else if (Array.isArray(parent[key])) (parent[key] as unknown[]).push(m.value);
  }
  return root;
}
const mutation = fc.record({
  kind: fc.constantFrom('set', 'set', 'set', 'delete', 'add', 'wrap', 'dup') as fc.Arbitrary<
    Mutation['kind']
  >,
  at: fc.nat(),
  key: hostileKey,
  value: hostileValue,
});

// --- Requests --------------------------------------------------------------------------------------------

interface Route {
  method: string;
  path: string;
}

interface Plan {
  route: number;
  method: number;
  shape: 'valid' | 'mutated' | 'arbitrary' | 'raw';
  mutations: Mutation[];
  arbitrary: unknown;
  raw: string;
  query: [string, string][];
  param: string;
  as: Role | 'hostile';
  authorization: string;
  contentType: string;
  extra: [string, string][];
  n: number;
}

const headerText = fc.string({
  unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
  maxLength: 60,
});

const plan = (routeCount: number): fc.Arbitrary<Plan> =>
  fc.record({
    route: fc.nat(routeCount - 1),
    method: fc.nat(40),
    shape: fc.constantFrom('valid', 'mutated', 'mutated', 'mutated', 'arbitrary', 'raw') as fc.Arbitrary<
      Plan['shape']
    >,
    mutations: fc.array(mutation, { minLength: 1, maxLength: 3 }),
    arbitrary: hostileValue,
    raw: fc.oneof(
      deepJson,
      fc.string({ maxLength: 50 }),
      fc.constantFrom('{', '[1,]', '{"a":1}{', 'null', '"\\u0000"', '\u0000', '{"__proto__":{"x":1}}'),
    ),
    query: fc.array(fc.tuple(fc.constantFrom(...QUERY_KEYS), queryValue), { maxLength: 4 }),
    param: fc.oneof(
      fc.constantFrom('', '%00', '%ED%A0%80', '..', 'amber%2Fx', 'a b', 'x'.repeat(300)),
      fc.constant('pool'),
      fc.constant('pool'),
      fc.uuid(),
      hostileString.map((s) => enc(s.slice(0, 200))),
    ),
    as: fc.constantFrom(
      'ambassador',
      'manager',
      'manager',
      'lead',
      'lead',
      'lead',
      'hostile',
    ) as fc.Arbitrary<Plan['as']>,
    authorization: fc.oneof(
      fc.constantFrom('', 'Bearer', 'Bearer ', 'Basic abc', `Bearer rt_${'A'.repeat(43)}`, 'bearer  x y'),
      headerText,
    ),
    contentType: fc.constantFrom(
      'application/json',
      'application/json',
      'text/plain',
      '',
      'application/x-www-form-urlencoded',
    ),
    extra: fc.array(
      fc.tuple(
        fc.constantFrom('if-match', 'if-none-match', 'content-length', 'x-forwarded-for', 'origin'),
        headerText,
      ),
      { maxLength: 2 },
    ),
    n: fc.nat(),
  });

function build(p: Plan, routes: readonly Route[], api: TestApi) {
  const route = routes[p.route]!;
  // Mostly the route's own method; now and then another one on the same path.
  const method = p.method < 36 ? route.method : pick(['GET', 'POST', 'PUT', 'PATCH', 'DELETE'], p.method);
  const param =
    p.param === 'pool' ? (route.path.includes(':name') ? pick(namePool, p.n) : pick(idPool, p.n)) : p.param;
  let path = route.path.replace(/:[a-z]+/g, param);
  if (p.query.length > 0) {
    path += `?${p.query.map(([k, v]) => `${enc(k)}=${enc(v)}`).join('&')}`;
  }
  const headers: Record<string, string> = {};
  if (p.as === 'hostile') {
    if (p.authorization) headers.authorization = p.authorization;
  } else headers.authorization = `Bearer ${api.tokens[p.as]}`;
  if (p.contentType) headers['content-type'] = p.contentType;
  for (const [k, v] of p.extra) headers[k] = v;
  let body: string | undefined;
  const valid = template(`${route.method} ${route.path}`, p.n);
  if (p.shape === 'raw') body = p.raw;
  else if (p.shape === 'arbitrary') body = JSON.stringify(p.arbitrary);
  else if (valid !== undefined)
    body = JSON.stringify(p.shape === 'valid' ? valid : mutate(valid, p.mutations));
  else if (p.shape === 'mutated') body = JSON.stringify(p.arbitrary);
  if (method === 'GET' || method === 'HEAD') body = undefined;
  if (headers['content-length'] !== undefined && body === undefined) delete headers['content-length'];
  return { method, path: `/api/v1${path.replace(/^\/api\/v1/, '')}`, headers, body };
}

const UUID_RE = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const NAME_RE = /"name":"([^"]{1,64})"/g;

describe.each(backends)('hostile input on $name', (backend) => {
  it(`answers ${REQUESTS} generated requests to every endpoint below 500, and a refused one writes nothing`, async () => {
    const byStatus = new Map<number, number>();
    const byRoute = new Map<string, number>();
    const failures: string[] = [];
    let partialWrites = 0;
    let sent = 0;
    let refused = 0;

    let skipped = 0;
    let tableCount = 0;
    const registered = new Set<string>();
    let retrained = false;
    let snapshotMs = 0;
    const timeByRoute = new Map<string, number>();
    const apiRoutes = (api: TestApi): Route[] => {
      const app = api.app;
      const seen = new Map<string, Route>();
      for (const r of app.routes) {
        if (r.method === 'ALL' || !r.path.startsWith('/api/v1/')) continue;
        seen.set(`${r.method} ${r.path}`, { method: r.method, path: r.path.slice('/api/v1'.length) });
      }
      return [...seen.values()];
    };

    while (sent < REQUESTS) {
      const clock = new FakeClock();
      const api = await setupApi(backend, { clock });
      try {
        const routes = apiRoutes(api);
        for (const r of routes) registered.add(`${r.method} ${r.path}`);
        const plans = fc.sample(plan(routes.length), {
          numRuns: Math.min(PER_DATABASE, REQUESTS - sent),
          seed: SEED + sent,
        });
        let before = await snapshotDatabase(api.db);
        tableCount = Object.keys(before).length;
        for (const p of plans) {
          // better-sqlite3 answers synchronously, so this loop would run on microtasks alone and starve
          // the event loop (Vitest's own messages time out): let it breathe now and then.
          if (sent % 50 === 0) await new Promise((resolve) => setImmediate(resolve));
          const { method, path, headers, body } = build(p, routes, api);
          // Retraining really trains (seconds of CPU): once a run, then only as someone it refuses.
          if (path.startsWith('/api/v1/classifier/retrain')) {
            if (retrained) headers.authorization = `Bearer ${api.tokens.ambassador}`;
            retrained = true;
          }
          clock.advance(1_000 + (p.n % 120_000));
          let status: number;
          let text = '';
          const t0 = performance.now();
          try {
            const res = await api.app.request(path, { method, headers, body });
            status = res.status;
            text = await res.text();
          } catch (err) {
            // The app answers every error it meets (onError), so only building the test's own Request
            // can throw here (a header value fetch refuses): that request never reached the server.
            if (!(err instanceof TypeError)) throw err;
            skipped += 1;
            continue;
          }
          sent += 1;
          byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
          const key = `${method} ${routes[p.route]!.path}`;
          byRoute.set(key, (byRoute.get(key) ?? 0) + 1);
          const t1 = performance.now();
          timeByRoute.set(key, (timeByRoute.get(key) ?? 0) + t1 - t0);
          if (status >= 500)
            failures.push(
              `${status} ${method} ${path.slice(0, 200)} ${body?.slice(0, 300)} -> ${text.slice(0, 300)}`,
            );
          for (const id of text.match(UUID_RE) ?? []) if (idPool.length < 200) idPool.push(id.toLowerCase());
          for (const [, name] of text.matchAll(NAME_RE))
            if (namePool.length < 50 && !['amber', 'mona', 'leo'].includes(name!)) namePool.push(name!);
          const after = await snapshotDatabase(api.db);
          if (status >= 400) {
            refused += 1;
            if (JSON.stringify(after) !== JSON.stringify(before)) {
              partialWrites += 1;
              failures.push(
                `partial write: ${status} ${method} ${path.slice(0, 200)} ${body?.slice(0, 300)}`,
              );
            }
          }
          before = after;
          snapshotMs += performance.now() - t1;
        }
      } finally {
        await api.cleanup();
      }
    }

    const statuses = [...byStatus.entries()].sort(([a], [b]) => a - b).map(([s, n]) => `${s}: ${n}`);
    console.log(
      [
        `hostile input on ${backend.name} (HOSTILE_SEED=${SEED}): ${sent} requests to ${[...registered].filter((r) => byRoute.has(r)).length} of ${registered.size} endpoints (and other methods on their paths: ${byRoute.size} method × path pairs)`,
        `  by status: ${statuses.join(', ')}`,
        `  answers >= 500: ${[...byStatus].filter(([s]) => s >= 500).reduce((t, [, n]) => t + n, 0)}`,
        `  refused (>= 400): ${refused}, partial writes: ${partialWrites} (every row of ${tableCount} tables compared)`,
        `  not sent (the test's Request could not be built): ${skipped}`,
        `  time: snapshots ${Math.round(snapshotMs)} ms; slowest: ${[...timeByRoute]
          .sort((a, b) => b[1] - a[1])
          .slice(0, 5)
          .map(([k, t]) => `${k} ${Math.round(t)} ms`)
          .join(', ')}`,
      ].join('\n'),
    );
    expect(failures.slice(0, 10)).toEqual([]);
    expect(sent).toBeGreaterThanOrEqual(REQUESTS);
    expect(partialWrites).toBe(0);
    // Every endpoint met its share (a smaller HOSTILE_REQUESTS for a quick look may miss some).
    if (REQUESTS >= 5_000) expect([...registered].filter((r) => !byRoute.has(r))).toEqual([]);
  }, 900_000);
});
