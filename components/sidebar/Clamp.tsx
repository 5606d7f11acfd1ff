import { useId, useState } from 'react';

/** Past this many characters a text is shown clamped; measuring lines would need layout jsdom lacks. */
export const CLAMP_CHARS = 180;

interface ClampProps {
  text: string;
  className?: string;
  /** What the text is, for the button's name ("Show all of the note"). */
  what: string;
  testId?: string;
}

/**
 * A long manager's note or post shown in three lines with "more": the templates stay on the first
 * screen, and the whole text is one click (or key) away.
 */
export function Clamp({ text, className, what, testId }: ClampProps) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const long = text.length > CLAMP_CHARS;
  return (
    <>
      <p
        id={id}
        className={`${className ?? ''}${long && !open ? ' rt-clamped' : ''}`}
        data-testid={testId}
        data-clamped={long && !open ? 'true' : 'false'}
      >
        {text}
      </p>
      {long && (
        <button
          type="button"
          className="rt-link-button rt-more"
          aria-expanded={open}
          aria-controls={id}
          aria-label={open ? `Show less of the ${what}` : `Show all of the ${what}`}
          onClick={() => setOpen(!open)}
        >
          {open ? 'less' : 'more'}
        </button>
      )}
    </>
  );
}
