import { describe, expect, it } from 'vitest';
import {
  interpretXResponse,
  isXActionCall,
  matchXRequest,
  type XRequestMatch,
} from '../../../../lib/platforms/x/graphql';
import { answerXGraphql, X_QUERY_IDS, xGraphqlFixtures } from '../../../fixtures/x/graphql';

const { requests, responses } = xGraphqlFixtures;
const TARGET = '1922334455667788990';
const body = (value: unknown) => JSON.stringify(value);
const url = (op: string, queryId = 'Ib4jkd9XEJ6hqVsmbMT7Kg') =>
  `https://x.com/i/api/graphql/${queryId}/${op}`;

describe('matchXRequest', () => {
  it.each([
    ['a reply', 'CreateTweet', requests.createTweetReply, 'reply'],
    ['a like', 'FavoriteTweet', requests.favoriteTweet, 'like'],
    ['an unlike', 'UnfavoriteTweet', requests.unfavoriteTweet, 'unlike'],
  ] as const)('recognises %s', (_, op, request, expected) => {
    expect(matchXRequest('POST', url(op), body(request))).toMatchObject({
      op: expected,
      operation: op,
      targetId: TARGET,
    });
  });

  it('keeps the text the page sent with a reply', () => {
    expect(matchXRequest('POST', url('CreateTweet'), body(requests.createTweetReply))?.text).toBe(
      requests.createTweetReply.variables.tweet_text,
    );
  });

  it.each([
    ['twitter.com', 'https://twitter.com/i/api/graphql/abc/FavoriteTweet'],
    ['mobile.x.com', 'https://mobile.x.com/i/api/graphql/abc/FavoriteTweet'],
    ['mobile.twitter.com', 'https://mobile.twitter.com/i/api/graphql/abc/FavoriteTweet'],
    ['a relative URL', '/i/api/graphql/abc/FavoriteTweet'],
    ['a new queryId after a deploy', 'https://x.com/i/api/graphql/zZ9-_newDeployId/FavoriteTweet'],
    ['a query string', 'https://x.com/i/api/graphql/abc/FavoriteTweet?x=1'],
    ['lower-case method', 'https://x.com/i/api/graphql/abc/FavoriteTweet'],
  ])('matches on %s', (_, u) => {
    expect(matchXRequest('post', u, body(requests.favoriteTweet))?.op).toBe('like');
  });

  it('accepts variables sent as a JSON string (older clients)', () => {
    const legacy = { ...requests.favoriteTweet, variables: JSON.stringify(requests.favoriteTweet.variables) };
    expect(matchXRequest('POST', url('FavoriteTweet'), body(legacy))?.targetId).toBe(TARGET);
  });

  it.each([
    ['a plain post', 'POST', url('CreateTweet'), body(requests.createTweetPost)],
    ['a quote', 'POST', url('CreateTweet'), body(requests.createTweetQuote)],
    ['a GET', 'GET', url('FavoriteTweet'), body(requests.favoriteTweet)],
    ['another operation', 'POST', url('CreateRetweet'), body(requests.favoriteTweet)],
    ['an operation name prefix', 'POST', url('FavoriteTweetX'), body(requests.favoriteTweet)],
    [
      'another host',
      'POST',
      'https://evil.example/i/api/graphql/abc/FavoriteTweet',
      body(requests.favoriteTweet),
    ],
    [
      'a look-alike host',
      'POST',
      'https://notx.com/i/api/graphql/abc/FavoriteTweet',
      body(requests.favoriteTweet),
    ],
    ['plain http', 'POST', 'http://x.com/i/api/graphql/abc/FavoriteTweet', body(requests.favoriteTweet)],
    ['another path', 'POST', 'https://x.com/i/api/1.1/favorites/create.json', body(requests.favoriteTweet)],
    ['no body', 'POST', url('FavoriteTweet'), null],
    ['a non-JSON body', 'POST', url('FavoriteTweet'), 'tweet_id=1'],
    ['a missing tweet_id', 'POST', url('FavoriteTweet'), body({ variables: {} })],
    ['a non-numeric tweet_id', 'POST', url('FavoriteTweet'), body({ variables: { tweet_id: '12a' } })],
    [
      'an invalid reply id',
      'POST',
      url('CreateTweet'),
      body({ variables: { reply: { in_reply_to_tweet_id: 5 } } }),
    ],
    ['an unparsable URL', 'POST', 'http://[bad', body(requests.favoriteTweet)],
  ])('ignores %s', (_, method, u, b) => {
    expect(matchXRequest(method, u, b)).toBeNull();
  });

  it('isXActionCall is the cheap URL-only pre-check', () => {
    expect(isXActionCall('POST', url('CreateTweet'))).toBe(true);
    expect(isXActionCall('POST', url('TweetDetail'))).toBe(false);
    expect(isXActionCall('GET', url('CreateTweet'))).toBe(false);
  });
});

describe('interpretXResponse', () => {
  const reply = matchXRequest('POST', url('CreateTweet'), body(requests.createTweetReply)) as XRequestMatch;
  const like = matchXRequest('POST', url('FavoriteTweet'), body(requests.favoriteTweet)) as XRequestMatch;
  const unlike = matchXRequest(
    'POST',
    url('UnfavoriteTweet'),
    body(requests.unfavoriteTweet),
  ) as XRequestMatch;

  it.each([
    ['a tweet', responses.createTweetReply],
    ['a TweetWithVisibilityResults wrapper', responses.createTweetReplyWithVisibility],
  ])('reads the new reply from %s', (_, response) => {
    expect(interpretXResponse(reply, 200, body(response))).toEqual({
      ok: true,
      replyId: '1922398765432101234',
      // Without X's own "@cryptocomplainer " prefix: what the ambassador wrote.
      replyText: requests.createTweetReply.variables.tweet_text,
      conversationId: '1922301122334455667',
    });
  });

  it('prefers the note_tweet text of a long post', () => {
    const long = structuredClone(responses.createTweetReply) as unknown as {
      data: { create_tweet: { tweet_results: { result: Record<string, unknown> } } };
    };
    long.data.create_tweet.tweet_results.result.note_tweet = {
      is_expandable: true,
      note_tweet_results: { result: { id: 'Tm90ZVR3ZWV0OjE=', text: 'the whole long text' } },
    };
    expect(interpretXResponse(reply, 200, body(long))).toMatchObject({
      ok: true,
      replyText: 'the whole long text',
    });
  });

  it('falls back to the sent text when the response has none, and names the fields it lacked', () => {
    const bare = { data: { create_tweet: { tweet_results: { result: { rest_id: '5' } } } } };
    expect(interpretXResponse(reply, 200, body(bare))).toEqual({
      ok: true,
      replyId: '5',
      replyText: requests.createTweetReply.variables.tweet_text,
      missing: ['legacy.full_text', 'legacy.conversation_id_str'],
    });
  });

  it.each([
    ['like', like, responses.favoriteTweet],
    ['unlike', unlike, responses.unfavoriteTweet],
  ])('confirms a %s answered "Done"', (_, match, response) => {
    expect(interpretXResponse(match, 200, body(response))).toEqual({ ok: true });
  });

  it.each([
    ['reply: duplicate (187)', reply, 200, body(responses.createTweetDuplicate), /code 187: duplicate tweet/],
    ['reply: too long (186)', reply, 200, body(responses.createTweetTooLong), /code 186: tweet too long/],
    [
      'reply: automated (226) with empty tweet_results',
      reply,
      200,
      body(responses.createTweetAutomated),
      /code 226/,
    ],
    ['reply: HTTP 403', reply, 403, body(responses.createTweetForbidden), /HTTP 403 \(code 353/],
    ['reply: HTTP 500 with an HTML page', reply, 500, '<html>oops</html>', /^CreateTweet: HTTP 500$/],
    ['reply: HTTP 429 with no body', reply, 429, '', /HTTP 429/],
    ['reply: network error', reply, 0, null, /no response/],
    ['like: already liked (139)', like, 200, body(responses.favoriteTweetAlready), /code 139: already liked/],
    ['like: HTTP 403', like, 403, body(responses.createTweetForbidden), /FavoriteTweet: HTTP 403/],
    ['like: errors without data', like, 200, body({ errors: [{ code: 139, message: 'x' }] }), /code 139/],
    ['unlike: not found (144)', unlike, 200, body(responses.unfavoriteTweetNotFound), /code 144/],
    ['unlike: HTTP 503', unlike, 503, 'upstream', /UnfavoriteTweet: HTTP 503/],
  ])('fails on %s: X said no', (_, match, status, text, reason) => {
    const verdict = interpretXResponse(match, status, text);
    expect(verdict).toMatchObject({ ok: false, reason });
    expect(verdict).not.toHaveProperty('unreadable', true);
    if (!verdict.ok) expect(verdict.reason.length).toBeLessThanOrEqual(500);
  });

  // X reshaping its answers must not read as "X said no": the page decides (lib/capture/correlator).
  it.each([
    ['reply: not JSON', reply, '<!doctype html>', /not JSON/],
    ['reply: empty body', reply, '', /not JSON/],
    ['reply: JSON null', reply, 'null', /unexpected response shape/],
    ['reply: no result and no errors', reply, body({ data: {} }), /no tweet in the response/],
    [
      'reply: result without rest_id',
      reply,
      body({ data: { create_tweet: { tweet_results: { result: {} } } } }),
      /no tweet/,
    ],
    [
      'reply: the result moved',
      reply,
      body({ data: { create_post: { post_results: { result: { rest_id: '1' } } } } }),
      /no tweet/,
    ],
    ['like: not Done', like, body({ data: { favorite_tweet: 'Nope' } }), /not done/],
    ['like: an unlike answer', like, body(responses.unfavoriteTweet), /not done/],
    ['like: Done moved into an object', like, body({ data: { favorite_tweet: { state: 'Done' } } }), /shape/],
  ])('calls %s unreadable, not refused', (_, match, text, reason) => {
    expect(interpretXResponse(match, 200, text)).toMatchObject({ ok: false, unreadable: true, reason });
  });

  it('refuses a non-X op without throwing', () => {
    expect(interpretXResponse({ op: 'comment', targetId: '1' }, 200, '{}')).toMatchObject({ ok: false });
  });
});

describe('answerXGraphql (the e2e responder) answers like X', () => {
  const reply = matchXRequest('POST', url('CreateTweet'), body(requests.createTweetReply)) as XRequestMatch;

  it('gives every reply a fresh id, echoes the text and the replied-to tweet', () => {
    const a = answerXGraphql('CreateTweet', body(requests.createTweetReply));
    const b = answerXGraphql('CreateTweet', requests.createTweetReply);
    expect(a.status).toBe(200);
    const va = interpretXResponse(reply, a.status, a.body);
    const vb = interpretXResponse(reply, b.status, b.body);
    expect(va).toMatchObject({
      ok: true,
      replyText: requests.createTweetReply.variables.tweet_text,
      conversationId: TARGET,
    });
    expect(va.ok && vb.ok && va.replyId !== vb.replyId).toBe(true);
    const parsed = JSON.parse(a.body);
    expect(parsed.data.create_tweet.tweet_results.result.legacy.in_reply_to_status_id_str).toBe(TARGET);
    expect(parsed.data.create_tweet.tweet_results.result.legacy.created_at).toMatch(
      /^\w{3} \w{3} \d{2} \d{2}:\d{2}:\d{2} \+0000 \d{4}$/,
    );
  });

  it('uses a given conversation id', () => {
    const a = answerXGraphql('CreateTweet', requests.createTweetReply, { conversationId: '42' });
    expect(interpretXResponse(reply, a.status, a.body)).toMatchObject({ conversationId: '42' });
  });

  it('answers a plain post as a root tweet, which is not a reply', () => {
    const a = answerXGraphql('CreateTweet', requests.createTweetPost);
    const result = JSON.parse(a.body).data.create_tweet.tweet_results.result;
    expect(result.legacy.conversation_id_str).toBe(result.rest_id);
    expect(result.legacy.in_reply_to_status_id_str).toBeUndefined();
    expect(matchXRequest('POST', url('CreateTweet'), body(requests.createTweetPost))).toBeNull();
  });

  it.each([
    ['CreateTweet', undefined, 200, true],
    ['CreateTweet', 'errors', 200, false],
    ['CreateTweet', 'http', 403, false],
    ['FavoriteTweet', undefined, 200, true],
    ['FavoriteTweet', 'errors', 200, false],
    ['FavoriteTweet', 'http', 403, false],
    ['UnfavoriteTweet', undefined, 200, true],
    ['UnfavoriteTweet', 'errors', 200, false],
    ['UnfavoriteTweet', 'http', 403, false],
  ] as const)('%s with fail=%s → HTTP %i, ok=%s', (op, fail, status, ok) => {
    const request =
      op === 'CreateTweet'
        ? requests.createTweetReply
        : op === 'FavoriteTweet'
          ? requests.favoriteTweet
          : requests.unfavoriteTweet;
    const match = matchXRequest('POST', url(op, X_QUERY_IDS[op]), body(request)) as XRequestMatch;
    const answer = answerXGraphql(op, body(request), fail ? { fail } : {});
    expect(answer.status).toBe(status);
    expect(interpretXResponse(match, answer.status, answer.body).ok).toBe(ok);
  });

  it('answers an unknown operation with empty data', () => {
    expect(answerXGraphql('TweetDetail', '{}')).toEqual({ status: 200, body: '{"data":{}}' });
  });
});
