import { useRef, useState } from 'react';
import type { TrackedThread } from '../../lib/schemas/thread';
import { categoryLabel, handle, priorityLabel, slaStatus } from '../../lib/sidebar/format';
import { selectCanSuggest, selectCanTrack, selectRole, suggestionFor } from '../../lib/sidebar/member';
import { threadKey } from '../../lib/sidebar/playbook';
import { useSidebar } from '../../lib/sidebar/react';
import { isYoutubeComment, selectActiveThread, selectTrackedHere } from '../../lib/sidebar/store';
import { useTrustedHandler } from '../../lib/sidebar/trusted';
import { Clamp } from './Clamp';
import { TrackForm } from './TrackForm';
import { useNow } from './useNow';

export function TrackingStatus() {
  const tracked = useSidebar(selectTrackedHere);
  const loaded = useSidebar((s) => s.loaded);
  const actionError = useSidebar((s) => s.actionError);
  const dismiss = useSidebar((s) => s.dismissActionError);

  return (
    <div
      className="rt-card"
      data-testid="rt-tracked-status"
      data-tracked={tracked ? 'true' : 'false'}
      aria-busy={!loaded}
    >
      {tracked ? <Tracked thread={tracked} /> : <NotTracked loaded={loaded} />}
      {actionError && (
        <div className="rt-error" role="alert">
          <p>{actionError}</p>
          <button type="button" className="rt-link-button" onClick={dismiss}>
            Dismiss
          </button>
        </div>
      )}
    </div>
  );
}

function Tracked({ thread }: { thread: TrackedThread }) {
  // The team's published labels, else the built-in ones.
  const categories = useSidebar((s) => s.playbooks.content.categories);
  const ctx = useSidebar(selectActiveThread);
  // A comment under a tracked video shares the video's tracking; stopping it stops the whole video.
  const viaVideo = !!ctx && isYoutubeComment(ctx) && thread.canonicalId !== ctx.targetId;
  const now = useNow();
  const sla = slaStatus(thread, now);
  const untrack = useSidebar((s) => s.untrack);
  const busy = useSidebar((s) => s.pending === 'untrack');
  // Stop tracking acts with the manager's token: a person's own click only.
  const onUntrack = useTrustedHandler(() => void untrack(thread.id));
  const canTrack = useSidebar(selectCanTrack);

  return (
    <>
      <div className="rt-status-line">
        <p className="rt-status rt-status-tracked">
          {viaVideo ? 'Tracked by your team with its video' : 'Tracked by your team'}
        </p>
        <span className="rt-sla" data-testid="rt-sla" data-state={sla.state}>
          {sla.label}
        </span>
      </div>
      <ul className="rt-chips" aria-label="Classification">
        <li className="rt-chip">{categoryLabel(thread.category, categories)}</li>
        <li className="rt-chip" data-priority={thread.priority}>
          {priorityLabel(thread.priority)} priority
        </li>
      </ul>
      {thread.note && (
        <figure className="rt-note">
          <figcaption className="rt-note-label">Note</figcaption>
          <Clamp text={thread.note} what="note" testId="rt-tracked-note" />
        </figure>
      )}
      {thread.repliedBy && thread.repliedBy.length > 0 && (
        <p className="rt-muted">Answered by {thread.repliedBy.map(handle).join(', ')}</p>
      )}
      {canTrack && (
        <div className="rt-actions">
          <button
            type="button"
            className="rt-button rt-button-secondary"
            data-testid="rt-untrack"
            disabled={busy}
            onClick={onUntrack}
          >
            {busy ? 'Stopping…' : viaVideo ? 'Stop tracking the video' : 'Stop tracking'}
          </button>
        </div>
      )}
    </>
  );
}

function NotTracked({ loaded }: { loaded: boolean }) {
  const ctx = useSidebar(selectActiveThread);
  const what = ctx?.platform !== 'youtube' ? 'thread' : isYoutubeComment(ctx) ? 'comment' : 'video';
  const role = useSidebar(selectRole);
  const canTrack = useSidebar(selectCanTrack);
  const canSuggest = useSidebar(selectCanSuggest);
  const teammate = useSidebar((s) => suggestionFor(s.suggestions, ctx));
  const mine = useSidebar((s) => (ctx ? s.suggested[threadKey(ctx)] : undefined));
  const suggestError = useSidebar((s) => s.suggestError);
  const categories = useSidebar((s) => s.playbooks.content.categories);
  const [formOpen, setFormOpen] = useState(false);
  const openButton = useRef<HTMLButtonElement>(null);

  if (!loaded || role === undefined) {
    return <p className="rt-muted">Checking whether the team tracks this thread…</p>;
  }

  const closeForm = () => {
    setFormOpen(false);
    // The form is gone; give focus back to what opened it rather than dropping it on the page.
    queueMicrotask(() => openButton.current?.focus());
  };
  const mode = canTrack ? 'track' : canSuggest ? 'suggest' : undefined;

  return (
    <>
      <p className="rt-status">Not tracked</p>
      {teammate && canTrack && (
        <figure className="rt-note" data-testid="rt-teammate-suggestion">
          <figcaption className="rt-note-label">
            {handle(teammate.suggestedBy)} suggests tracking it as{' '}
            {categoryLabel(teammate.category, categories)}
          </figcaption>
          {teammate.note && <Clamp text={teammate.note} what="suggestion's note" />}
        </figure>
      )}
      {mine && !formOpen && (
        <p className="rt-success" role="status" data-testid="rt-suggested">
          Suggested to your manager as {categoryLabel(mine.category, categories)}.
        </p>
      )}
      {suggestError && (
        <p className="rt-error" role="alert" data-testid="rt-suggest-error">
          {suggestError}
        </p>
      )}
      {mode && formOpen ? (
        <TrackForm mode={mode} onDone={() => setFormOpen(false)} onCancel={closeForm} />
      ) : mode ? (
        <div className="rt-actions">
          <button
            ref={openButton}
            type="button"
            className="rt-button rt-button-primary"
            data-testid={mode === 'track' ? 'rt-track' : 'rt-suggest'}
            onClick={() => setFormOpen(true)}
          >
            {mode === 'track' ? `Track this ${what}` : mine ? 'Update the suggestion' : 'Suggest to manager'}
          </button>
        </div>
      ) : null}
    </>
  );
}
