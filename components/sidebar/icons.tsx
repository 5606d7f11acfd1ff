import type { ReactNode } from 'react';
import type { Action } from '../../lib/schemas/event';

interface IconProps {
  className?: string;
}

function Svg({ className, children }: IconProps & { children: ReactNode }) {
  return (
    <svg
      viewBox="0 0 24 24"
      width={18}
      height={18}
      fill="none"
      stroke="currentColor"
      strokeWidth={1.8}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
      className={className}
    >
      {children}
    </svg>
  );
}

export function ReplyIcon(p: IconProps) {
  return (
    <Svg {...p}>
      <path d="M4.5 6.5a2 2 0 0 1 2-2h11a2 2 0 0 1 2 2v7a2 2 0 0 1-2 2H10l-4.5 3.5v-3.5h1" />
    </Svg>
  );
}

export function LikeIcon(p: IconProps) {
  return (
    <Svg {...p}>
      <path d="M12 19.5s-7.5-4.6-7.5-10A4.2 4.2 0 0 1 12 7a4.2 4.2 0 0 1 7.5 2.5c0 5.4-7.5 10-7.5 10z" />
    </Svg>
  );
}

export function UnlikeIcon(p: IconProps) {
  return (
    <Svg {...p}>
      <path d="M12 19.5s-7.5-4.6-7.5-10A4.2 4.2 0 0 1 12 7a4.2 4.2 0 0 1 7.5 2.5c0 5.4-7.5 10-7.5 10z" />
      <path d="M4 4l16 16" />
    </Svg>
  );
}

export function ChevronRightIcon(p: IconProps) {
  return (
    <Svg {...p}>
      <path d="M9.5 6l6 6-6 6" />
    </Svg>
  );
}

export function ChevronLeftIcon(p: IconProps) {
  return (
    <Svg {...p}>
      <path d="M14.5 6l-6 6 6 6" />
    </Svg>
  );
}

export function ActionIcon({ action, ...p }: IconProps & { action: Action }) {
  if (action === 'like') return <LikeIcon {...p} />;
  if (action === 'unlike') return <UnlikeIcon {...p} />;
  return <ReplyIcon {...p} />;
}
