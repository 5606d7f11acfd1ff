import { useId } from 'react';
import { excerpt, handle } from '../../lib/ui/format';
import { useSidebar } from '../../lib/ui/react';
import { selectActiveThread } from '../../lib/ui/store';
import { TrackingStatus } from './TrackingStatus';

export function ThreadSection() {
  const headingId = useId();
  const ctx = useSidebar(selectActiveThread);
  const picked = useSidebar((s) => s.selected !== undefined);
  const hasPageThread = useSidebar((s) => s.context !== undefined);
  const clearSelection = useSidebar((s) => s.clearSelection);

  return (
    <section className="rt-section" aria-labelledby={headingId} data-testid="rt-thread">
      <div className="rt-section-head">
        <h3 id={headingId} className="rt-section-title">
          This thread
        </h3>
        {picked && (
          <button type="button" className="rt-link-button" onClick={clearSelection}>
            {hasPageThread ? 'Back to this page' : 'Clear'}
          </button>
        )}
      </div>
      {ctx ? (
        <>
          <article className="rt-post" aria-label={ctx.author ? `Post by ${handle(ctx.author)}` : 'Post'}>
            {picked && <p className="rt-eyebrow">Picked on this page</p>}
            {ctx.author && <p className="rt-post-author">{handle(ctx.author)}</p>}
            {ctx.text && <p className="rt-post-text">{excerpt(ctx.text, 220)}</p>}
            <a className="rt-link" href={ctx.url}>
              Open post
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
