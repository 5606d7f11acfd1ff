import { useId } from 'react';
import type { ThreadContext } from '../../lib/platforms/types';
import { handle } from '../../lib/sidebar/format';
import { useSidebar } from '../../lib/sidebar/react';
import { isYoutubeComment, selectActiveThread } from '../../lib/sidebar/store';
import { Clamp } from './Clamp';
import { TrackingStatus } from './TrackingStatus';

/**
 * What the post shown is, in words. On YouTube a video and a comment under it are separate threads the
 * team may track apart, so the ambassador must never have to guess which one the sidebar is about.
 */
export function describePost(
  ctx: ThreadContext,
  page: ThreadContext | undefined,
): { kind: 'post' | 'video' | 'comment'; line: string | undefined } {
  const by = ctx.author ? ` by ${handle(ctx.author)}` : '';
  if (isYoutubeComment(ctx)) {
    const where = page?.targetId === ctx.conversationId ? 'this video' : 'a video';
    return { kind: 'comment', line: `Comment${by} under ${where}` };
  }
  if (ctx.platform === 'youtube') return { kind: 'video', line: `Video${by}` };
  return { kind: 'post', line: undefined };
}

export function ThreadSection() {
  const headingId = useId();
  const ctx = useSidebar(selectActiveThread);
  const page = useSidebar((s) => s.context);
  const picked = useSidebar((s) => s.selected !== undefined);
  const clearSelection = useSidebar((s) => s.clearSelection);
  const post = ctx ? describePost(ctx, page) : undefined;

  return (
    <section className="rt-section" aria-labelledby={headingId} data-testid="rt-thread">
      <div className="rt-section-head">
        <h3 id={headingId} className="rt-section-title">
          This thread
        </h3>
        {picked && (
          <button type="button" className="rt-link-button" onClick={clearSelection}>
            {page ? 'Back to this page' : 'Clear'}
          </button>
        )}
      </div>
      {ctx && post ? (
        <>
          <article
            className="rt-post"
            data-testid="rt-post"
            data-kind={post.kind}
            aria-label={post.line ?? (ctx.author ? `Post by ${handle(ctx.author)}` : 'Post')}
          >
            {post.line ? (
              <p className="rt-eyebrow" data-testid="rt-post-kind">
                {post.line}
              </p>
            ) : (
              <>
                {picked && <p className="rt-eyebrow">Picked on this page</p>}
                {ctx.author && <p className="rt-post-author">{handle(ctx.author)}</p>}
              </>
            )}
            {ctx.text && <Clamp text={ctx.text} className="rt-post-text" what="post" testId="rt-post-text" />}
            <a className="rt-link" href={ctx.url}>
              {post.kind === 'comment' ? 'Open comment' : post.kind === 'video' ? 'Open video' : 'Open post'}
            </a>
          </article>
          <TrackingStatus />
        </>
      ) : (
        <p className="rt-empty">Open a post or video to see its thread.</p>
      )}
    </section>
  );
}
