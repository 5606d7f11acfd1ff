import { z } from 'zod';
import { parseJson } from '../../capture/json';
import type { NetworkMatch, NetworkVerdict } from '../../capture/signals';
import { X_OPERATIONS, type XOperationName, xGraphqlName } from './graphql-path';

/**
 * X's web client calls `POST /i/api/graphql/<queryId>/<OperationName>`. The queryId changes with every
 * X deploy, so only the operation name is trusted.
 */
export { X_OPERATIONS, type XOperationName } from './graphql-path';

/** X status ids are decimal snowflakes (kept as strings: they exceed 2^53). */
export const TweetIdSchema = z.string().regex(/^\d{1,25}$/, 'must be a numeric tweet id');

// Older clients sent `variables` as a JSON string; accept both rather than miss a call.
const jsonObjectOrString = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => {
    if (typeof v !== 'string') return v;
    try {
      return JSON.parse(v) as unknown;
    } catch {
      return v;
    }
  }, schema);

export const CreateTweetRequestSchema = z.object({
  variables: jsonObjectOrString(
    z.object({
      tweet_text: z.string().optional(),
      reply: z
        .object({
          in_reply_to_tweet_id: TweetIdSchema,
          exclude_reply_user_ids: z.array(z.string()).optional(),
        })
        .nullish(),
      attachment_url: z.string().optional(),
    }),
  ),
  queryId: z.string().optional(),
});
export type CreateTweetRequest = z.infer<typeof CreateTweetRequestSchema>;

export const FavoriteRequestSchema = z.object({
  variables: jsonObjectOrString(z.object({ tweet_id: TweetIdSchema })),
  queryId: z.string().optional(),
});

const XErrorSchema = z.looseObject({
  message: z.string().optional(),
  code: z.number().optional(),
  kind: z.string().optional(),
  name: z.string().optional(),
});
const ErrorsSchema = z.array(XErrorSchema);

const TweetSchema = z.looseObject({
  __typename: z.literal('Tweet').optional(),
  rest_id: TweetIdSchema,
  legacy: z
    .looseObject({
      full_text: z.string().optional(),
      conversation_id_str: TweetIdSchema.optional(),
      in_reply_to_status_id_str: TweetIdSchema.optional(),
      display_text_range: z.tuple([z.number().int(), z.number().int()]).optional(),
    })
    .optional(),
  // Long posts (X Premium) truncate legacy.full_text; the whole text lives here.
  note_tweet: z
    .looseObject({
      note_tweet_results: z.looseObject({ result: z.looseObject({ text: z.string() }) }).optional(),
    })
    .optional(),
});
export type XTweet = z.infer<typeof TweetSchema>;

/** A tweet result is either the tweet or, under visibility rules, a wrapper holding it. */
export const TweetResultSchema = z.union([
  TweetSchema,
  z.looseObject({ __typename: z.literal('TweetWithVisibilityResults'), tweet: TweetSchema }),
]);

export const CreateTweetResponseSchema = z.looseObject({
  data: z
    .looseObject({
      create_tweet: z
        .looseObject({
          tweet_results: z.looseObject({ result: z.unknown().optional() }).optional(),
        })
        .optional(),
    })
    .optional(),
  errors: ErrorsSchema.optional(),
});

export const FavoriteResponseSchema = z.looseObject({
  data: z.looseObject({ favorite_tweet: z.string().optional() }).nullish(),
  errors: ErrorsSchema.optional(),
});
export const UnfavoriteResponseSchema = z.looseObject({
  data: z.looseObject({ unfavorite_tweet: z.string().optional() }).nullish(),
  errors: ErrorsSchema.optional(),
});

/** X's own error codes seen on these calls, so a failure reason reads well in logs. */
const KNOWN_ERRORS: Record<number, string> = {
  139: 'already liked',
  144: 'tweet not found',
  186: 'tweet too long',
  187: 'duplicate tweet',
  226: 'flagged as automated',
  344: 'daily limit reached',
  385: 'replied-to tweet is deleted or not visible',
  433: 'replies are restricted',
};

export interface XRequestMatch extends NetworkMatch {
  op: 'reply' | 'like' | 'unlike';
  operation: XOperationName;
  /** For a reply: the text the page sent, a fallback when the response omits it. */
  text?: string;
}

/** The operation name of any X GraphQL POST (known or not), or null. */
export function graphqlPostName(method: string, url: string): string | null {
  return method.toUpperCase() === 'POST' ? xGraphqlName(url) : null;
}

/** The operation name of an X GraphQL action POST, or null; cheap enough to run on every request. */
export function xGraphqlOperation(method: string, url: string): XOperationName | null {
  const name = graphqlPostName(method, url);
  return name !== null && Object.hasOwn(X_OPERATIONS, name) ? (name as XOperationName) : null;
}

/** Whether the observer should look at this call at all (before reading any body). */
export function isXActionCall(method: string, url: string): boolean {
  return xGraphqlOperation(method, url) !== null;
}

/** Recognises the page's own reply / like / unlike calls. A plain post or a quote is not a reply. */
export function matchXRequest(
  method: string,
  url: string,
  bodyText: string | null | undefined,
): XRequestMatch | null {
  const operation = xGraphqlOperation(method, url);
  if (!operation) return null;
  const body = parseJson(bodyText);
  if (!body.ok) return null;
  if (operation === 'CreateTweet') {
    const req = CreateTweetRequestSchema.safeParse(body.value);
    const reply = req.success ? req.data.variables.reply : null;
    if (!req.success || !reply) return null;
    const text = req.data.variables.tweet_text;
    return {
      op: 'reply',
      operation,
      targetId: reply.in_reply_to_tweet_id,
      ...(text !== undefined && { text }),
    };
  }
  const req = FavoriteRequestSchema.safeParse(body.value);
  if (!req.success) return null;
  return { op: X_OPERATIONS[operation], operation, targetId: req.data.variables.tweet_id };
}

function describeErrors(errors: z.infer<typeof ErrorsSchema> | undefined): string {
  const first = errors?.[0];
  if (!first) return 'no errors given';
  const known = first.code !== undefined ? KNOWN_ERRORS[first.code] : undefined;
  const parts = [
    first.code !== undefined && `code ${first.code}`,
    known,
    first.message?.slice(0, 200),
  ].filter((p): p is string => typeof p === 'string' && p !== '');
  return parts.join(': ');
}

const OPERATION_OF: Partial<Record<NetworkMatch['op'], XOperationName>> = {
  reply: 'CreateTweet',
  like: 'FavoriteTweet',
  unlike: 'UnfavoriteTweet',
};

function failed(reason: string): NetworkVerdict {
  return { ok: false, reason: reason.slice(0, 500) };
}

/** An answer we cannot read is not X saying no: the page decides, and the change is reported. */
function unreadable(reason: string): NetworkVerdict {
  return { ok: false, unreadable: true, reason: reason.slice(0, 500) };
}

function tweetFromResult(result: unknown): XTweet | null {
  const parsed = TweetResultSchema.safeParse(result);
  if (!parsed.success) return null;
  return 'tweet' in parsed.data && parsed.data.__typename === 'TweetWithVisibilityResults'
    ? parsed.data.tweet
    : (parsed.data as XTweet);
}

/**
 * X prefixes a reply's full_text with the "@handle " mentions it adds itself; display_text_range (in
 * code points) marks what the author actually wrote.
 */
function visibleText(tweet: XTweet): string | undefined {
  const full = tweet.legacy?.full_text;
  const range = tweet.legacy?.display_text_range;
  if (full === undefined || !range) return full;
  const chars = Array.from(full);
  const [from, to] = range;
  if (from < 0 || to > chars.length || from > to) return full;
  return chars.slice(from, to).join('');
}

/**
 * Whether X accepted the matched call. Never throws. Only what X states is a refusal (an HTTP error, an
 * `errors` array, no response at all); an answer in a shape we do not know is `unreadable`.
 */
export function interpretXResponse(
  match: XRequestMatch | NetworkMatch,
  status: number,
  bodyText: string | null | undefined,
): NetworkVerdict {
  const what = OPERATION_OF[match.op];
  if (!what) return failed(`not an X action: ${match.op}`);
  if (status === 0) return failed(`${what}: no response (network error or aborted)`);
  const body = parseJson(bodyText);
  if (status < 200 || status >= 300) {
    const errors = body.ok
      ? z.object({ errors: ErrorsSchema }).safeParse(body.value).data?.errors
      : undefined;
    return failed(`${what}: HTTP ${status}${errors?.length ? ` (${describeErrors(errors)})` : ''}`);
  }
  if (!body.ok) return unreadable(`${what}: response body is not JSON`);

  if (match.op === 'reply') {
    const res = CreateTweetResponseSchema.safeParse(body.value);
    if (!res.success) return unreadable(`${what}: unexpected response shape`);
    const tweet = tweetFromResult(res.data.data?.create_tweet?.tweet_results?.result);
    if (!tweet) {
      return res.data.errors?.length
        ? failed(`${what} rejected: ${describeErrors(res.data.errors)}`)
        : unreadable(`${what}: no tweet in the response`);
    }
    const replyText = tweet.note_tweet?.note_tweet_results?.result.text ?? visibleText(tweet);
    const fallbackText = 'text' in match ? match.text : undefined;
    const text = replyText ?? fallbackText;
    const conversationId = tweet.legacy?.conversation_id_str;
    const missing = [
      replyText === undefined && 'legacy.full_text',
      conversationId === undefined && 'legacy.conversation_id_str',
    ].filter((f): f is string => typeof f === 'string');
    return {
      ok: true,
      replyId: tweet.rest_id,
      ...(text !== undefined && { replyText: text.slice(0, 10_000) }),
      ...(conversationId !== undefined && { conversationId }),
      ...(missing.length > 0 && { missing }),
    };
  }

  const res =
    match.op === 'like'
      ? FavoriteResponseSchema.safeParse(body.value)
      : UnfavoriteResponseSchema.safeParse(body.value);
  if (!res.success) {
    const errors = z.object({ errors: ErrorsSchema }).safeParse(body.value).data?.errors;
    return errors?.length
      ? failed(`${what} rejected: ${describeErrors(errors)}`)
      : unreadable(`${what}: unexpected response shape`);
  }
  const data = res.data.data as { favorite_tweet?: string; unfavorite_tweet?: string } | null | undefined;
  const done = match.op === 'like' ? data?.favorite_tweet : data?.unfavorite_tweet;
  if (done === 'Done') return { ok: true };
  return res.data.errors?.length
    ? failed(`${what} rejected: ${describeErrors(res.data.errors)}`)
    : unreadable(`${what}: not done`);
}
