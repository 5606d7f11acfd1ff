import { describe, expect, it } from 'vitest';
import {
  decodeBase64Param,
  decodeCommentAction,
  decodeCreateCommentParams,
  decodeCreateReplyParams,
  interpretYoutubeResponse,
  isYoutubeActionCall,
  matchYoutubeRequest,
  readProto,
  type YoutubeRequestMatch,
} from '../../../../lib/platforms/youtube/network';
import { FIXTURE } from '../../../fixtures/youtube/routes';
import { answerYoutubei, youtubeiFixtures as F } from '../../../fixtures/youtube/youtubei';

const API = 'https://www.youtube.com/youtubei/v1';
const body = (v: unknown) => JSON.stringify(v);
const video = FIXTURE.watch.videoId;
const thread = FIXTURE.watch.threadId;

describe('which calls are looked at', () => {
  it.each([
    ['POST', `${API}/comment/create_comment?prettyPrint=false`, true],
    ['POST', `${API}/comment/create_comment_reply?prettyPrint=false`, true],
    ['POST', `${API}/comment/perform_comment_action?prettyPrint=false`, true],
    ['POST', `${API}/like/like?prettyPrint=false`, true],
    ['POST', `${API}/like/removelike`, true],
    ['POST', 'https://m.youtube.com/youtubei/v1/like/like', true],
    ['POST', '/youtubei/v1/like/like?prettyPrint=false', true],
    ['GET', `${API}/like/like`, false],
    ['POST', `${API}/like/dislike`, false],
    ['POST', `${API}/next?prettyPrint=false`, false],
    ['POST', `${API}/browse`, false],
    // A renamed endpoint (fake-youtube.js ?fixture-api=renamed) is not guessed at: the DOM speaks then.
    ['POST', `${API}/like/like_v2?prettyPrint=false`, false],
    ['POST', `${API}/comment/perform_comment_action_v2`, false],
    ['POST', 'https://music.youtube.com/youtubei/v1/like/like', false],
    ['POST', 'http://www.youtube.com/youtubei/v1/like/like', false],
    ['POST', 'https://evil.example/youtubei/v1/like/like', false],
  ])('%s %s → %s', (method, url, expected) => {
    expect(isYoutubeActionCall(method, url)).toBe(expected);
  });
});

describe('protobuf params', () => {
  it('decodes the fixtures the way YouTube.js encodes them', () => {
    expect(decodeCreateCommentParams(F.requests.createComment.createCommentParams)).toEqual({
      videoId: video,
    });
    expect(decodeCreateReplyParams(F.requests.createCommentReply.createReplyParams)).toEqual({
      videoId: video,
      commentId: thread,
    });
    expect(decodeCommentAction(F.requests.commentLike.actions[0]!)).toEqual({
      type: 5,
      commentId: thread,
      videoId: video,
    });
    expect(decodeCommentAction(F.requests.commentUnlike.actions[0]!)).toMatchObject({
      type: 6,
      commentId: thread,
    });
    expect(decodeCommentAction(F.requests.commentDislike.actions[0]!)).toMatchObject({ type: 4 });
  });

  it('accepts url-safe, unpadded and URI-encoded base64 alike', () => {
    const raw = decodeURIComponent(F.requests.createComment.createCommentParams);
    for (const v of [
      raw,
      raw.replace(/=+$/, ''),
      encodeURIComponent(raw),
      raw.replace(/\+/g, '-').replace(/\//g, '_'),
    ]) {
      expect(decodeCreateCommentParams(v)).toEqual({ videoId: video });
    }
  });

  it.each(['', '%%%', 'not base64!', 'AAAA', '////', 'CAUQAhoa'])('rejects %j without throwing', (v) => {
    expect(decodeCreateCommentParams(v)).toBeNull();
    expect(decodeCreateReplyParams(v)).toBeNull();
    expect(() => decodeCommentAction(v)).not.toThrow();
  });

  it('stops on truncated or unknown wire data', () => {
    expect(readProto(Uint8Array.from([0x12, 0x0b, 0x61]))).toBeNull(); // length past the end
    expect(readProto(Uint8Array.from([0x0b]))).toBeNull(); // wire type 3 (groups)
    expect(readProto(Uint8Array.from([0x08, 0x80]))).toBeNull(); // unfinished varint
    expect(decodeBase64Param('CAU=')).toEqual(Uint8Array.from([8, 5]));
  });
});

describe('matchYoutubeRequest on realistic bodies', () => {
  it('a top-level comment targets the video, with the text sent', () => {
    expect(
      matchYoutubeRequest(
        'POST',
        `${API}/comment/create_comment?prettyPrint=false`,
        body(F.requests.createComment),
      ),
    ).toEqual({
      op: 'comment',
      endpoint: 'comment/create_comment',
      targetId: video,
      videoId: video,
      text: F.requests.createComment.commentText,
    });
  });

  it('a reply targets the top-level comment', () => {
    expect(
      matchYoutubeRequest('POST', `${API}/comment/create_comment_reply`, body(F.requests.createCommentReply)),
    ).toEqual({
      op: 'reply',
      endpoint: 'comment/create_comment_reply',
      targetId: thread,
      videoId: video,
      text: F.requests.createCommentReply.commentText,
    });
  });

  it('a comment like and unlike target the comment; a dislike is not ours', () => {
    const url = `${API}/comment/perform_comment_action?prettyPrint=false`;
    expect(matchYoutubeRequest('POST', url, body(F.requests.commentLike))).toMatchObject({
      op: 'like',
      targetId: thread,
      videoId: video,
    });
    expect(matchYoutubeRequest('POST', url, body(F.requests.commentUnlike))).toMatchObject({
      op: 'unlike',
      targetId: thread,
    });
    expect(matchYoutubeRequest('POST', url, body(F.requests.commentDislike))).toBeNull();
  });

  it('a video like and unlike target the video', () => {
    expect(matchYoutubeRequest('POST', `${API}/like/like`, body(F.requests.like))).toMatchObject({
      op: 'like',
      targetId: video,
    });
    expect(matchYoutubeRequest('POST', `${API}/like/removelike`, body(F.requests.removelike))).toMatchObject({
      op: 'unlike',
      targetId: video,
    });
  });

  it.each([
    ['not JSON', `${API}/like/like`, '{'],
    ['no body', `${API}/like/like`, null],
    ['a playlist like', `${API}/like/like`, body({ target: { playlistId: 'PL123' } })],
    ['a bad video id', `${API}/like/like`, body({ target: { videoId: 'x' } })],
    ['no params', `${API}/comment/create_comment`, body({ commentText: 'hi' })],
    [
      'garbage params',
      `${API}/comment/create_comment`,
      body({ commentText: 'hi', createCommentParams: 'zzz' }),
    ],
    ['no actions', `${API}/comment/perform_comment_action`, body({ actions: [] })],
  ])('ignores %s', (_, url, text) => {
    expect(matchYoutubeRequest('POST', url, text)).toBeNull();
  });
});

const m = (url: string, request: unknown) =>
  matchYoutubeRequest('POST', url, body(request)) as YoutubeRequestMatch;

describe('interpretYoutubeResponse', () => {
  const comment = m(`${API}/comment/create_comment`, F.requests.createComment);
  const reply = m(`${API}/comment/create_comment_reply`, F.requests.createCommentReply);
  const like = m(`${API}/comment/perform_comment_action`, F.requests.commentLike);
  const videoLike = m(`${API}/like/like`, F.requests.like);

  it('reads the new comment id and text from a view-model response', () => {
    expect(interpretYoutubeResponse(comment, 200, body(F.responses.createComment))).toEqual({
      ok: true,
      replyId: 'Ugx9nEwC0mMeNt1dAbCdEfG4AaABAg',
      replyText: 'Had the same delay, support sorted it in a day',
      conversationId: video,
    });
    expect(interpretYoutubeResponse(reply, 200, body(F.responses.createCommentReply))).toEqual({
      ok: true,
      replyId: `${thread}.AK9xQ2mN7pLzR4sT1uV0wX`,
      replyText: "Open a ticket from the app, it's faster than email",
      conversationId: video,
    });
  });

  it('reads the new comment id and text from an old-renderer response', () => {
    expect(interpretYoutubeResponse(comment, 200, body(F.responses.createCommentLegacy))).toMatchObject({
      ok: true,
      replyId: 'UgzL3gAcYC0mMeNt9zYxWvUtS4AaABAg',
      replyText: 'Still works for me in 2025',
    });
    expect(interpretYoutubeResponse(reply, 200, body(F.responses.createCommentReplyLegacy))).toMatchObject({
      ok: true,
      replyId: 'UgzOldC0mm3nt1AbCdEfGh4AaABAg.AK9xLeGaCyR3pLy0000001',
    });
  });

  it('falls back to the text the page sent when the response has none', () => {
    const bare = {
      actions: [
        {
          createCommentAction: {
            contents: {
              commentThreadRenderer: {
                commentViewModel: { commentViewModel: { commentId: 'UgxAbCdEfGhIjKlMnOpQr4AaABAg' } },
              },
            },
          },
        },
      ],
    };
    expect(interpretYoutubeResponse(comment, 200, body(bare))).toMatchObject({
      ok: true,
      replyText: F.requests.createComment.commentText,
    });
  });

  it('accepts likes and unlikes YouTube confirmed', () => {
    expect(interpretYoutubeResponse(like, 200, body(F.responses.performCommentAction))).toEqual({
      ok: true,
      conversationId: video,
    });
    expect(interpretYoutubeResponse(videoLike, 200, body(F.responses.like))).toEqual({
      ok: true,
      conversationId: video,
    });
  });

  it.each([
    [
      'a 400 with Google’s error',
      comment,
      400,
      body(F.responses.error400),
      /HTTP 400 \(INVALID_ARGUMENT: Request contains an invalid argument/,
    ],
    ['a 401 (signed out)', videoLike, 401, body(F.responses.error401), /HTTP 401 \(UNAUTHENTICATED/],
    ['a 500 without a body', comment, 500, '', /HTTP 500$/],
    ['no response at all', comment, 0, null, /no response/],
    [
      'a 200 with only an error toast',
      comment,
      200,
      body(F.responses.createCommentRejected),
      /error message instead of the comment/,
    ],
    ['a failed comment action', like, 200, body(F.responses.performCommentActionFailed), /STATUS_FAILED/],
    ['an error in a 200 body', videoLike, 200, body(F.responses.error400), /INVALID_ARGUMENT/],
  ])('fails on %s: YouTube said no', (_, match, status, text, reason) => {
    const verdict = interpretYoutubeResponse(match, status, text);
    expect(verdict).toMatchObject({ ok: false, reason });
    expect(verdict).not.toHaveProperty('unreadable', true);
  });

  // YouTube reshaping its answers must not read as "YouTube said no": the page decides.
  it.each([
    [
      'a 200 comment without an id',
      comment,
      body({ actions: [{ createCommentAction: { contents: {} } }] }),
      /has no id/,
    ],
    [
      'a reply answered with a top-level comment action',
      reply,
      body(F.responses.createComment),
      /no new comment/,
    ],
    [
      'a comment under a renamed action',
      comment,
      body({
        actions: [{ createCommentCommand: F.responses.createComment.actions[1]!.createCommentAction }],
      }),
      /no new comment/,
    ],
    ['HTML instead of JSON', videoLike, '<html>', /not JSON/],
  ])('calls %s unreadable, not refused', (_, match, text, reason) => {
    expect(interpretYoutubeResponse(match, 200, text)).toMatchObject({ ok: false, unreadable: true, reason });
  });
});

describe('the fixture responder answers like YouTube', () => {
  it('gives each new comment a fresh id and echoes the text', () => {
    const a = answerYoutubei(
      'comment/create_comment',
      body({ ...F.requests.createComment, commentText: 'first "one"' }),
    );
    const b = answerYoutubei('comment/create_comment', body(F.requests.createComment));
    const va = interpretYoutubeResponse(
      m(`${API}/comment/create_comment`, F.requests.createComment),
      a.status,
      a.body,
    );
    const vb = interpretYoutubeResponse(
      m(`${API}/comment/create_comment`, F.requests.createComment),
      b.status,
      b.body,
    );
    expect(va).toMatchObject({ ok: true, replyText: 'first "one"' });
    expect(va.ok && vb.ok && va.replyId !== vb.replyId).toBe(true);
  });

  it('fails on request', () => {
    expect(
      answerYoutubei('comment/create_comment', body(F.requests.createComment), { fail: 'http' }).status,
    ).toBe(400);
    const rejected = answerYoutubei('comment/create_comment', body(F.requests.createComment), {
      fail: 'rejected',
    });
    expect(interpretYoutubeResponse(comment(), rejected.status, rejected.body).ok).toBe(false);
  });
  const comment = () => m(`${API}/comment/create_comment`, F.requests.createComment);
});
